"""Readable differences between two revisions: per field, by line then by word.

The result is plain data (segments tagged equal/insert/delete); templates
render it with auto-escaping, so no revision text can inject markup.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..directory.reference import SECTORS, SUPPORT_TOPICS

Segment = tuple[str, str]  # ("equal" | "insert" | "delete", text) or ("skip", count)
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldDiff:
    label: object
    lines: list[list[Segment]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(op != "equal" for line in self.lines for op, _ in line)


def _words(old: str, new: str) -> list[Segment]:
    """A word-level diff of one changed line (or short value)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", "".join(b[j1:j2])))
    return out


def text_diff(old: str, new: str) -> list[list[Segment]]:
    """Lines of segments: unchanged lines whole, changed lines paired and diffed word by word."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines: list[list[Segment]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            lines.extend([[("equal", line)] for line in a[i1:i2]])
        elif op == "delete":
            lines.extend([[("delete", line)] for line in a[i1:i2]])
        elif op == "insert":
            lines.extend([[("insert", line)] for line in b[j1:j2]])
        else:
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news):
                    lines.append(_words(olds[k], news[k]))
                elif k < len(olds):
                    lines.append([("delete", olds[k])])
                else:
                    lines.append([("insert", news[k])])
    return lines


def collapse(lines: list[list[Segment]], context: int = 2) -> list[list[Segment]]:
    """Keep unchanged lines only near a change; longer unchanged runs become one "skip" line."""
    changed = [i for i, line in enumerate(lines) if any(op != "equal" for op, _ in line)]
    if not changed:
        return lines
    keep = {j for i in changed for j in range(i - context, i + context + 1)}
    out: list[list[Segment]] = []
    skipped = 0
    for i, line in enumerate(lines):
        if i in keep:
            if skipped:
                out.append([("skip", str(skipped))])
                skipped = 0
            out.append(line)
        else:
            skipped += 1
    if skipped:
        out.append([("skip", str(skipped))])
    return out


def _labels(codes, names) -> str:
    return ", ".join(str(names.get(c, c)) for c in codes)


def compare(old, new, attachment_names: dict[int, str]) -> list[FieldDiff]:
    """Field by field differences from revision ``old`` to revision ``new``."""
    def short(label, a, b):
        return FieldDiff(label, [_words(a, b)] if a != b else [[("equal", b)]])

    return [
        short(_l("Titre"), old.title, new.title),
        short(_l("Catégorie"), str(old.category.label), str(new.category.label)),
        FieldDiff(_l("Résumé"), collapse(text_diff(old.summary, new.summary))),
        FieldDiff(_l("Contenu"), collapse(text_diff(old.body, new.body))),
        short(_l("Étiquettes"), ", ".join(old.tags), ", ".join(new.tags)),
        short(_l("Thèmes d'accompagnement"), _labels(old.topics, SUPPORT_TOPICS),
              _labels(new.topics, SUPPORT_TOPICS)),
        short(_l("Secteurs"), _labels(old.sectors, SECTORS), _labels(new.sectors, SECTORS)),
        short(_l("À revoir avant le"), old.review_by.isoformat() if old.review_by else "",
              new.review_by.isoformat() if new.review_by else ""),
        short(_l("Pièces jointes"), _labels(old.attachment_ids, attachment_names),
              _labels(new.attachment_ids, attachment_names)),
    ]
