"""Imports flow one way: no cycle between cellule's modules, and almost no import inside a function.

The graph is read from the source with ``ast`` (nothing is imported): an edge
``a → b`` for each import that runs when ``a`` is loaded (module body, class
bodies, top-level ``if``/``try``), leaving out ``if TYPE_CHECKING:`` blocks,
which never run. Importing ``p.q.m`` first runs the packages ``p`` and
``p.q``: those count as edges too, except the importer's own packages (a
package that imports its modules, which import each other, is no cycle).
An import inside a function hides a dependency from this graph; the few that
remain must say, in a comment beside them, why they cannot move to the top.
"""
from __future__ import annotations

import ast
from pathlib import Path

import cellule

ROOT = Path(cellule.__file__).parent
# Each one must say why it cannot be at the top (today: create_app's, see cellule/__init__.py).
MAX_FUNCTION_IMPORTS = 10


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, tuple[Path, ast.Module]]:
    """Every module of the package, by dotted name, with its parsed source."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        found[_module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _walk(node: ast.AST, in_function: bool = False):
    """Yield (import node, inside a function?) below ``node``, skipping TYPE_CHECKING blocks."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, in_function
        elif _is_type_checking(child):
            for other in child.orelse:
                yield from _walk(ast.Module(body=[other], type_ignores=[]), in_function)
        else:
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            yield from _walk(child, inner)


def _targets(module: str, is_package: bool, node: ast.AST, known: set[str]) -> set[str]:
    """The modules of ``known`` that the import ``node``, written in ``module``, loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1])
        source = f"{base}.{node.module}" if node.module else base
    else:
        source = node.module or ""
    found = set()
    for alias in node.names:
        if f"{source}.{alias.name}" in known:
            found.add(f"{source}.{alias.name}")
        elif source in known:
            found.add(source)
    return found


def _packages(module: str) -> set[str]:
    """The packages Python runs before ``module``: ``a.b.c`` → ``a``, ``a.b``."""
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def import_graph() -> dict[str, set[str]]:
    """Module → modules it imports when loaded (top-level imports only)."""
    sources = _sources()
    known = set(sources)
    graph = {}
    for name, (path, tree) in sources.items():
        is_package = path.name == "__init__.py"
        own = _packages(name) | {name}
        edges = set()
        for node, in_function in _walk(tree):
            if not in_function:
                for target in _targets(name, is_package, node, known):
                    edges |= {target} | (_packages(target) & known) - own
        edges.discard(name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def function_imports() -> list[tuple[str, int, bool]]:
    """Each import inside a function: (file, line, whether a comment beside it says why)."""
    found = []
    for name, (path, tree) in _sources().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, in_function in _walk(tree):
            if in_function:
                before, after = lines[node.lineno - 2], lines[node.end_lineno:node.end_lineno + 1]
                explained = (before.strip().startswith("#")
                             or any("#" in line for line in lines[node.lineno - 1:node.end_lineno])
                             or any(line.strip().startswith("#") for line in after))
                found.append((str(path.relative_to(ROOT.parent)), node.lineno, explained))
    return found


def test_the_graph_sees_edges_and_cycles():
    """The reader itself: a relative import is resolved, and a loop of three is one component."""
    graph = import_graph()
    assert "cellule.extensions" in graph["cellule.mail"]
    assert "cellule.blueprints.auth.models" in graph["cellule.blueprints.auth.services"]
    # a foreign feature's package runs first; one's own package does not count
    assert "cellule.blueprints.audit" in graph["cellule.blueprints.auth.views.account"]
    assert "cellule.blueprints.auth" not in graph["cellule.blueprints.auth.services"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_walk_tells_function_imports_and_skips_type_checking():
    tree = ast.parse("import a\nif TYPE_CHECKING:\n    import b\nclass C:\n    import d\n"
                     "def f():\n    import c\n")
    assert [(node.names[0].name, inside) for node, inside in _walk(tree)] == [
        ("a", False), ("d", False), ("c", True)]


def test_no_import_cycle_between_modules():
    found = cycles(import_graph())
    assert found == [], "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_few_function_level_imports_and_each_says_why():
    found = function_imports()
    unexplained = [f"{path}:{line}" for path, line, explained in found if not explained]
    assert unexplained == [], "function-level imports without a comment saying why: " + ", ".join(unexplained)
    assert len(found) <= MAX_FUNCTION_IMPORTS, [f"{path}:{line}" for path, line, _ in found]
