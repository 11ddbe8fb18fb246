"""The audit log page for national admins, and the record of refused accesses."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from ... import paging
from ...extensions import db
from ...localtime import start_of_day
from ...permissions import access, feature_blueprint
from ...records import record_name
from ...templating import PageWriter, localdatetime
from ..directory.models import Region
from . import services
from .actions import ACCESS_DENIED

bp = feature_blueprint("audit", __name__)
PER_PAGE = 50


def _day(value: str | None, errors: list[str], label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(_("%(label)s : la date « %(value)s » n'est pas valide (format AAAA-MM-JJ).",
                        label=label, value=value[:20]))
        return None


def _utc_start(day: date) -> datetime:
    """Midnight of a local (Paris) day, as the UTC instant the log is filtered on."""
    return start_of_day(day, current_app.config["BABEL_DEFAULT_TIMEZONE"])


@bp.get("/conseil/journal")
@access("council_admin")
def log():
    """Filterable, paginated audit log."""
    args = request.args
    errors: list[str] = []
    start = _day(args.get("du"), errors, _("Du"))
    end = _day(args.get("au"), errors, _("Au"))
    region_id = args.get("region", type=int)
    action = args.get("action") if args.get("action") in services.ACTIONS else None
    filters = dict(action=action, person=(args.get("personne") or "")[:100] or None, region_id=region_id,
                   start=_utc_start(start) if start else None,
                   end=_utc_start(end + timedelta(days=1)) if end else None)
    page = paging.counted(services.search(**filters), PER_PAGE, count=services.search_count(**filters))
    regions = db.session.execute(_REGIONS).all()
    return render_template("audit/log.html", page=page, regions=regions, errors=errors,
                           actions=sorted(services.ACTIONS.items(), key=lambda kv: str(kv[1])),
                           filters=args, writer=JournalWriter())


_REGIONS = sa.select(Region.id, Region.name).order_by(Region.name)  # the region filter's choices


class JournalWriter(PageWriter):
    """The journal's lines (50 a page), each written in Python as one string (``PageWriter``): an action's
    label and a record type's name are worked out once per page. The HTML is the one the template loop
    wrote (``tests/audit/test_journal_rows.py``)."""

    def rows(self, events) -> Markup:
        return Markup("".join([self._row(event) for event in events]))

    def _row(self, e) -> str:
        actor = (f'{escape(e.actor_name)}<br><span class="meta">{escape(e.actor_email)}</span>'
                 if e.actor_id is not None else "—")
        target = (self.fill("%(what)s n° %(id)s", what=self.once("record", e.target_type, record_name),
                            id=e.target_id) if e.target_type else "—")
        details = "".join([f'<code class="code">{escape(key)}={escape(value)}</code> '
                           for key, value in e.details.items()])
        return (f"    <tr>\n      <td>{escape(localdatetime(e.created_at))}</td>\n"
                f"      <td>{self.once('action', e.action, _action_label)}</td>\n"
                f"      <td>{actor}</td>\n      <td>{target}</td>\n"
                f"      <td>{escape(e.region_name) if e.region_name is not None else '—'}</td>\n"
                f"      <td>{details}</td>\n      <td>{escape(e.ip or '—')}</td>\n    </tr>\n")


def _action_label(code: str) -> str:
    return str(services.ACTIONS.get(code, code))


@bp.after_app_request
def record_refusal(response):
    """Log refused accesses of signed-in people (403, and 404 decided by a permission rule).

    The refused request's own changes are rolled back first, so only the
    audit row is committed. Plain "not found" pages are not logged.
    """
    refused = response.status_code == 403 or (response.status_code == 404 and "access_refused" in g)
    if not refused or not _signed_in():
        return response
    actor_id = current_user.id
    db.session.rollback()
    services.record(ACCESS_DENIED, actor=actor_id, region_id=g.get("access_refused"),
                    details={"status": response.status_code, "method": request.method,
                             "path": request.path[:300], "endpoint": request.endpoint,
                             "rule": g.get("access_rule")})
    db.session.commit()
    return response


def _signed_in() -> bool:
    try:
        return current_user.is_authenticated
    except sa.exc.SQLAlchemyError:
        return False
