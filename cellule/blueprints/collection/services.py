"""Questionnaires, campaigns and the answer workflow. Functions flush, never commit."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from ..directory.models import Ptce, Region
from . import national, validation
from .definition import Definition, merge, parse_definition
from .lifecycle import ResponseStatus
from .models import AuditEntry, Campaign, Questionnaire, RegionExtension, Response, ReviewComment


class WorkflowError(Exception):
    """An action refused for a reason the person can fix; ``errors`` are by field, ``warnings`` listed."""

    def __init__(self, message: str, errors: dict | None = None, warnings=()):
        super().__init__(message)
        self.errors = errors or {}
        self.warnings = list(warnings)


# -- questionnaires ------------------------------------------------------------
def latest_questionnaire(code: str = national.CODE) -> Questionnaire | None:
    return db.session.scalar(sa.select(Questionnaire).where(Questionnaire.code == code)
                             .order_by(Questionnaire.version.desc()).limit(1))


def latest_published(code: str = national.CODE) -> Questionnaire | None:
    return db.session.scalar(sa.select(Questionnaire).where(Questionnaire.code == code, Questionnaire.published)
                             .order_by(Questionnaire.version.desc()).limit(1))


def ensure_national_questionnaire() -> Questionnaire:
    """The national questionnaire's first published version, created if missing."""
    existing = latest_questionnaire(national.CODE)
    if existing is not None:
        return existing
    definition = parse_definition(national.definition())
    q = Questionnaire(code=national.CODE, version=1, title=definition.title,
                      definition=definition.as_json(), published=True)
    db.session.add(q)
    db.session.flush()
    return q


def revise_questionnaire(current: Questionnaire, data: dict) -> Questionnaire:
    """Apply a new definition: in place for an unpublished draft, as version n+1 otherwise.

    New questions get ``introduced_in`` = the new version unless it was given.
    Raises definition.DefinitionError when the definition is invalid.
    """
    definition = parse_definition(data)
    latest = latest_questionnaire(current.code)
    if not current.published:
        current.definition, current.title = definition.as_json(), definition.title
        db.session.flush()
        return current
    version = latest.version + 1
    known = {q.var for q in latest.parsed.questions()}
    stamped = definition.as_json()
    for section in stamped["sections"]:
        for q in section["questions"]:
            if q["var"] not in known and "introduced_in" not in q:
                q["introduced_in"] = version
    definition = parse_definition(stamped)
    new = Questionnaire(code=current.code, version=version, title=definition.title,
                        definition=definition.as_json(), published=False)
    db.session.add(new)
    db.session.flush()
    return new


def publish(q: Questionnaire) -> None:
    q.published = True
    db.session.flush()


def questionnaire_titles(questionnaires, language: str) -> dict[int, str]:
    """Each questionnaire version's stored title in ``language``, by id: for English, the version's own
    ``title_en``, else today's national wording of its French title, else the French title."""
    known = national.english_wordings() if language == "en" else {}
    return {q.id: (q.definition.get("title_en") or known.get(q.title, q.title)) if language == "en" else q.title
            for q in questionnaires}


# -- campaigns ----------------------------------------------------------------
def create_campaign(year: int, title: str, opens_on: date, closes_on: date,
                    questionnaire: Questionnaire) -> Campaign:
    if not questionnaire.published:
        raise WorkflowError("questionnaire not published")
    campaign = Campaign(year=year, title=title, opens_on=opens_on, closes_on=closes_on,
                        questionnaire=questionnaire)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def campaign_for_year(year: int) -> Campaign | None:
    return db.session.scalar(sa.select(Campaign).where(Campaign.year == year))


def campaigns(statuses=None) -> list[Campaign]:
    query = sa.select(Campaign).order_by(Campaign.year.desc(), Campaign.id.desc())
    if statuses:
        query = query.where(Campaign.status.in_(statuses))
    return list(db.session.scalars(query))


def extension(campaign: Campaign, region: Region) -> RegionExtension | None:
    return db.session.scalar(sa.select(RegionExtension).where(
        RegionExtension.campaign_id == campaign.id, RegionExtension.region_id == region.id))


def check_extension(campaign: Campaign, data: dict) -> Definition:
    """A region's extra questions, checked alone and then against the campaign's questionnaire.

    Raises DefinitionError (a code that clashes with the questionnaire's included).
    """
    ext_def = parse_definition(data)
    merge(campaign.questionnaire.parsed, ext_def)
    return ext_def


def set_extension(campaign: Campaign, region: Region, data: dict) -> RegionExtension:
    """Save a region's extra questions; codes must not clash with the questionnaire's."""
    ext_def = check_extension(campaign, data)
    ext = extension(campaign, region) or RegionExtension(campaign=campaign, region_id=region.id)
    ext.definition = ext_def.as_json()
    db.session.add(ext)
    db.session.flush()
    return ext



def full_definition(response: Response, language: str = "fr") -> Definition:
    """The response's questionnaire version plus its region's extra questions, worded in ``language``."""
    ext = extension(response.campaign, response.ptce.region)
    merged = merge(response.questionnaire.parsed, ext.parsed if ext else None)
    return merged.localized(language, national.english_wordings() if language == "en" else None)


# -- responses ----------------------------------------------------------------
def response_for(campaign: Campaign, ptce: Ptce) -> Response | None:
    return db.session.scalar(sa.select(Response).where(
        Response.campaign_id == campaign.id, Response.ptce_id == ptce.id))


def new_response(campaign: Campaign, ptce: Ptce) -> Response:
    """An unsaved, not-started response (created in the database on the first save)."""
    return Response(campaign=campaign, ptce=ptce, region_id=ptce.region_id,
                    questionnaire=campaign.questionnaire, status=ResponseStatus.NOT_STARTED,
                    answers={}, justifications={}, acknowledged={})


def previous_answers(response: Response) -> dict | None:
    """The PTCE's last validated (or forwarded) answers from an earlier campaign."""
    earlier = db.session.scalar(
        sa.select(Response).join(Campaign, Response.campaign_id == Campaign.id)
        .where(Response.ptce_id == response.ptce_id, Campaign.year < response.campaign.year,
               Response.status.in_([ResponseStatus.VALIDATED, ResponseStatus.FORWARDED]))
        .order_by(Campaign.year.desc()).limit(1))
    return earlier.answers if earlier else None


def current_warnings(response: Response, definition: Definition | None = None):
    definition = definition or full_definition(response)
    return validation.warnings(definition, response.answers or {}, previous_answers(response))


def _audit(response: Response, user, action: str, before: ResponseStatus | None = None,
           changes: dict | None = None, note: str = "") -> None:
    db.session.add(AuditEntry(response=response, user_id=getattr(user, "id", None), action=action,
                              from_status=before.value if before else None,
                              to_status=response.status.value, changes=changes or {}, note=note))



def _diff(before: dict, after: dict) -> dict:
    return {k: {"before": before.get(k), "after": after.get(k)}
            for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


def save_answers(response: Response, answers: dict, justifications: dict, user) -> Response:
    """Store a draft: typed answers (already read without errors) and warning justifications."""
    if not response.status.editable or not response.campaign.is_open:
        raise WorkflowError("response not editable")
    definition = full_definition(response)
    answers = validation.prune(definition, answers)
    old_answers, old_just = dict(response.answers or {}), dict(response.justifications or {})
    if response.status is ResponseStatus.NOT_STARTED:
        before = response.start()
        db.session.add(response)
        _audit(response, user, "start", before)
    justifications = {k: v.strip()[:1000] for k, v in justifications.items() if v and v.strip()}
    for code in validation.stale_justifications(old_answers, answers, old_just, justifications):
        del justifications[code]
    changes = _diff(old_answers, answers)
    changes.update({f"justification:{k}": v for k, v in _diff(old_just, justifications).items()})
    response.answers, response.justifications = answers, justifications
    if changes:
        _audit(response, user, "edit", response.status, changes)
    db.session.flush()
    return response


def submit(response: Response, user) -> None:
    """Send the answers for review; refused while hard errors or unjustified warnings remain."""
    if not response.campaign.is_open:
        raise WorkflowError("campaign closed")
    definition = full_definition(response)
    errors = validation.missing(definition, response.answers or {})
    pending = validation.unjustified(current_warnings(response, definition), response.justifications or {})
    if errors or pending:
        raise WorkflowError("not submittable", errors=errors, warnings=pending)
    before = response.submit()
    response.submitted_at = utcnow()
    response.acknowledged = {}  # an earlier review's acknowledgements do not carry over to new answers
    for comment in response.comments:
        if comment.resolved_at is None:
            comment.resolved_at = utcnow()
    _audit(response, user, "submit", before)
    db.session.flush()


def withdraw(response: Response, user) -> None:
    """The PTCE takes back answers it submitted and no one has reviewed yet: a draft again."""
    if not response.campaign.is_open:
        raise WorkflowError("campaign closed")
    before = response.withdraw()
    response.submitted_at = None
    _audit(response, user, "withdraw", before)
    db.session.flush()


def send_back(response: Response, comments: dict[str, str], user) -> None:
    """Return the answers to the PTCE with at least one comment on a specific question."""
    comments = {var: body.strip()[:2000] for var, body in comments.items() if body and body.strip()}
    if not comments:
        raise WorkflowError("a comment is needed")
    known = {q.var for q in full_definition(response).questions()}
    unknown = sorted(set(comments) - known)
    if unknown:
        raise WorkflowError(f"unknown questions {unknown}")
    before = response.send_back()
    for var, body in comments.items():
        response.comments.append(ReviewComment(variable=var, body=body, author_id=user.id))
    _audit(response, user, "send_back", before, note="; ".join(f"{k}: {v}" for k, v in comments.items()))
    db.session.flush()


def validate(response: Response, acknowledged: set[str], user) -> None:
    """Accept the answers; every current warning must be acknowledged by the reviewer."""
    found = current_warnings(response)
    missing_ack = [w for w in found if w.code not in acknowledged]
    if missing_ack:
        raise WorkflowError("warnings not acknowledged", warnings=missing_ack)
    before = response.validate()
    response.validated_at = utcnow()
    response.acknowledged = {w.code: user.id for w in found}
    _audit(response, user, "validate", before, note=", ".join(w.code for w in found))
    db.session.flush()


def reopen(response: Response, reason: str, user) -> None:
    """Reopen a validated or forwarded response for a correction."""
    if not reason.strip():
        raise WorkflowError("a reason is needed")
    before = response.reopen()
    _audit(response, user, "reopen", before, note=reason.strip()[:1000])
    db.session.flush()


def audit_trail(response: Response) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.response_id == response.id)
                                   .order_by(AuditEntry.at, AuditEntry.id)))
