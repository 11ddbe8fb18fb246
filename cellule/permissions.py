"""Who may do what: named rules, the view decorator, and region scoping.

This module is the single place where region isolation is enforced:

* feature blueprints are made by :func:`feature_blueprint`; a region's
  workspace URLs start with ``/<region_slug>`` and the region is loaded into
  ``g.region`` before any view runs (unknown slug: 404);
* every view declares its rule with :func:`access` — a test checks that none
  is missing — and the rule is evaluated against ``g.region`` when there is one;
* a signed-in person with no role in the region gets 404 on its non-public
  pages (existence is not leaked); a person of the region lacking the right
  gets 403. Objects are loaded through queries scoped to ``g.region``, so a
  foreign object is simply not found (404).

Rules are small predicates ``(user, obj) -> bool`` registered by name. The
same names are available in templates as ``can("rule", obj)``, so one rule
decides both access and which buttons show. Features add their own rules with
:func:`rule` in their ``permissions`` or ``models`` module.

This module imports no feature: the directory feature names its region model
with :func:`use_region_model` where it makes its blueprint, and the auth
feature tells Flask-Login how to load a person.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable
from weakref import WeakKeyDictionary

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, g
from flask_login import current_user

from .extensions import db, login_manager

Predicate = Callable[[Any, Any], bool]
RULES: dict[str, Predicate] = {}
PUBLIC = "public"


def rule(name: str) -> Callable[[Predicate], Predicate]:
    """Register a named permission predicate ``(user, obj) -> bool``."""

    def register(predicate: Predicate) -> Predicate:
        if name in RULES:
            raise ValueError(f"permission rule {name!r} registered twice")
        RULES[name] = predicate
        return predicate

    return register


def can(name: str, obj: Any = None, user: Any = None) -> bool:
    """Whether ``user`` (default: the current person) passes rule ``name`` for ``obj``."""
    user = current_user if user is None else user
    if name == PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return RULES[name](user, obj)


def deny(obj_region_id: int | None = None) -> None:
    """Abort with 404 for a person foreign to the region concerned, 403 otherwise."""
    region_id = obj_region_id if obj_region_id is not None else getattr(g.get("region"), "id", None)
    g.access_refused = region_id  # the audit log records refusals (blueprints/audit)
    if region_id is not None and not (current_user.is_council or current_user.has_role_in(region_id)):
        abort(404)
    abort(403)


def ensure(name: str, obj: Any = None, region_id: int | None = None) -> None:
    """Stop the request unless the current person passes ``name`` for ``obj``."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not can(name, obj):
        g.access_rule = name
        deny(region_id if region_id is not None else getattr(obj, "region_id", None))


def access(name: str, obj_loader: Callable[..., Any] | None = None):
    """Declare and enforce the rule a view needs.

    ``@access("public")`` opens a view to everyone. Any other rule requires a
    signed-in person and is checked against ``g.region`` (or ``None`` outside
    a region). Object-level checks happen in the view with :func:`ensure`.
    """
    if name != PUBLIC and name not in RULES and name not in _LATE_RULES:
        _LATE_RULES.add(name)  # features may register rules after their views import

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if name != PUBLIC:
                ensure(name, g.get("region"))
            return view(*args, **kwargs)

        wrapper.access_rule = name
        return wrapper

    return decorate


_LATE_RULES: set[str] = set()


# -- region workspaces -------------------------------------------------------
def feature_blueprint(name: str, import_name: str, **kwargs) -> Blueprint:
    """A feature's blueprint. Routes under ``/<region_slug>/…`` get ``g.region`` loaded.

    An unknown slug is a 404 before any view runs; ``url_for`` fills
    ``region_slug`` from ``g.region`` when the target route needs it.
    """
    bp = Blueprint(name, import_name, **kwargs)

    @bp.url_value_preprocessor
    def load_region(endpoint, values):
        if not values or "region_slug" not in values:
            return
        slug = values.pop("region_slug")
        region = db.session.scalar(_REGION_BY_SLUG, {"slug": slug})
        if region is None:
            abort(404)
        g.region = region

    return bp


def national_and_regional(bp: Blueprint, path: str, view: Callable[..., Any], endpoints: tuple[str, str],
                          rules: tuple[str, str] = (PUBLIC, PUBLIC), methods: tuple[str, ...] = ("GET",)) -> None:
    """One page for France (``/path``) and for each region (``/<region_slug>/path``).

    ``view(region, **url_values)`` answers both, with ``None`` nationally and ``g.region`` in a
    region; ``endpoints`` and ``rules`` are the national then the regional endpoint and access rule.
    """
    national, regional = endpoints
    bp.add_url_rule(f"/{path}", national, access(rules[0])(lambda **values: view(None, **values)),
                    methods=list(methods))
    bp.add_url_rule(f"/<region_slug>/{path}", regional,
                    access(rules[1])(lambda **values: view(g.region, **values)), methods=list(methods))


_REGION_MODEL = None
_REGION_BY_SLUG = None


def use_region_model(model) -> None:
    """Name the mapped class of regions (the directory feature does, where it makes its blueprint).

    The region lookup every workspace request makes is built here, once: a
    statement object reused with a bound parameter keeps its memoised cache key;
    building it and hashing its structure again on each request cost more than
    running it.
    """
    global _REGION_MODEL, _REGION_BY_SLUG
    _REGION_MODEL = model
    _REGION_BY_SLUG = sa.select(model).where(model.slug == sa.bindparam("slug"))


def _add_region(endpoint, values):
    """Let ``url_for`` inside a region's workspace omit ``region_slug``."""
    if ("region_slug" not in values and g.get("region") is not None
            and _expects_region(current_app.url_map, endpoint)):
        values["region_slug"] = g.region.slug


def _expects_region(url_map, endpoint: str) -> bool:
    """Whether the endpoint's rules take ``region_slug``, asked of werkzeug (a walk of the endpoint's
    rules) once per URL map and endpoint: its rules are all added before the first request."""
    known = _EXPECTS_REGION.get(url_map)
    if known is None:
        known = _EXPECTS_REGION[url_map] = {}
    found = known.get(endpoint)
    if found is None:
        found = known[endpoint] = url_map.is_endpoint_expecting(endpoint, "region_slug")
    return found


_EXPECTS_REGION: WeakKeyDictionary = WeakKeyDictionary()  # per application's URL map, which goes with it


# -- the rules of the foundation ---------------------------------------------
def _region_id(obj) -> int | None:
    """The region an object belongs to: a Region itself, or anything with region_id."""
    if isinstance(obj, _REGION_MODEL):
        return obj.id
    return getattr(obj, "region_id", None)


@rule("signed_in")
def _signed_in(user, obj) -> bool:
    return True


@rule("council")
def _council(user, obj) -> bool:
    """National council: admins and read-only observers."""
    return user.is_council


@rule("council_admin")
def _council_admin(user, obj) -> bool:
    return user.is_council_admin


@rule("manage_region")
def _manage_region(user, obj) -> bool:
    """Coordinators of the object's region, and national admins."""
    region_id = _region_id(obj)
    return user.is_council_admin or (region_id is not None and user.coordinates(region_id))


@rule("region_member")
def _region_member(user, obj) -> bool:
    """Anyone with a role in the object's region, and the national council."""
    region_id = _region_id(obj)
    return user.is_council or (region_id is not None and user.has_role_in(region_id))


@rule("edit_ptce")
def _edit_ptce(user, ptce) -> bool:
    """A PTCE record is edited by its region's coordinators and by its own referents."""
    return _manage_region(user, ptce) or user.referent_of(ptce)


@rule("manage_ptce_members")
def _manage_ptce_members(user, ptce) -> bool:
    return _manage_region(user, ptce) or user.referent_of(ptce)


@rule("view_ptce_private")
def _view_ptce_private(user, ptce) -> bool:
    """Contacts and member lists: the PTCE's own members, its coordinators, the council."""
    return user.is_council or _manage_region(user, ptce) or user.member_of(ptce)


def init_app(app) -> None:
    """Connect Flask-Login (the auth feature loads people) and expose ``can`` to templates."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page explains itself
    login_manager.session_protection = "basic"
    app.jinja_env.globals["can"] = can
    app.url_defaults(_add_region)

    @app.url_value_preprocessor
    def _forget_previous_request(endpoint, values):
        # An application context may outlive a request (the test client reuses
        # the test's context): who is signed in, and where, is decided afresh.
        # App-level preprocessors run before the blueprints' region loader.
        for key in ("_login_user", "region", "access_refused", "access_rule"):
            g.pop(key, None)
        if endpoint != "static":
            # The person first, before the region or the page read anything: the identity
            # cache keeps only a person read by the request's first statement (auth.identity).
            current_user._get_current_object()


def check_rules() -> None:
    """Fail at start-up when a view names a rule that no module registered, or regions are unknown."""
    missing = _LATE_RULES - RULES.keys()
    if missing:
        raise RuntimeError(f"unknown permission rules: {sorted(missing)}")
    if _REGION_MODEL is None:
        raise RuntimeError("no feature named the region model (permissions.use_region_model)")
