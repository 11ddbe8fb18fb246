"""Benchmark data: the national questionnaire, 3 yearly campaigns and most PTCE's answers.

Two closed campaigns (three and two years back) and the open one (last year's
figures, collected now). Most PTCE answered each: closed campaigns are mostly
forwarded, the open one is spread over every status (not started, draft,
submitted, returned with reviewer comments, validated, forwarded). Answers are
valid for the questionnaire (required questions answered, shares at most
100 %, members not below founders) and move little from one year to the
next, so no warning waits for a justification. Each response carries the
audit trail its moves write; forwarded responses sit in their region's
snapshots (some regions forwarded twice: versions 1 and 2), with the figures
the visits and transfers features give for that year.
"""
from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from cellule.blueprints.collection import national
from cellule.blueprints.collection.definition import parse_definition
from cellule.blueprints.collection.forwarding import snapshot_content
from cellule.blueprints.collection.lifecycle import CampaignStatus, ResponseStatus as S
from cellule.blueprints.collection.models import AuditEntry, Campaign, Questionnaire, Response, ReviewComment
from cellule.blueprints.collection.snapshots import Snapshot, SnapshotFigures, content_hash, figures_row
from cellule.blueprints.directory.models import Ptce, PtceActivity, PtceSector, Region
from cellule.extensions import db

from .context import Context

CAMPAIGNS = 3
# How far each campaign's responses got (the rest of the PTCE never started).
CLOSED_MIX = {S.FORWARDED: 84, S.VALIDATED: 3, S.SUBMITTED: 2, S.DRAFT: 4, None: 7}
OPEN_MIX = {S.FORWARDED: 22, S.VALIDATED: 10, S.SUBMITTED: 14, S.RETURNED: 5, S.DRAFT: 27, None: 22}
SHARES = ("share_public_subsidies", "share_service_sales", "share_goods_sales", "share_membership_fees",
          "share_patronage")
STRUCTURES = ("Association", "SCIC", "Ressourcerie", "Chantier d'insertion", "Coopérative", "Régie de quartier",
              "Épicerie solidaire", "Groupement d'employeurs", "Fablab", "Jardin de cocagne")
COMMENTS = ("Comptez-vous les emplois aidés ? Précisez, merci.", "Montant du budget prévisionnel ou réalisé ?",
            "Le nombre de bénévoles semble inclure les adhérents : pouvez-vous vérifier ?")


def _pick(rng, q, k: tuple[int, int] = (1, 3)) -> list[str]:
    codes = [c.code for c in q.choices]
    return rng.sample(codes, min(len(codes), rng.randint(*k)))


def _profile(rng, definition, ptce: dict) -> dict:
    """What a PTCE is like, before yearly variation."""
    q = definition.question
    members = rng.randint(4, 60)
    own_budget = rng.random() < 0.8
    staff = rng.random() < 0.75
    shares = [rng.randint(0, 60) for _ in SHARES]
    scale = 100 / max(100, sum(shares))
    return {
        "creation_year": max(1980, ptce["creation_year"] or 2015),
        "action_scale": rng.choice([c.code for c in q("action_scale").choices]),
        "creation_needs": _pick(rng, q("creation_needs")),
        "sectors": ptce["sectors"] or _pick(rng, q("sectors"), (1, 2)),
        "activity_types": ptce["activities"] or _pick(rng, q("activity_types"), (1, 2)),
        "initiated_by": rng.choice([c.code for c in q("initiated_by").choices]),
        "founding_members": max(2, members - rng.randint(0, members // 2)), "current_members": members,
        "member_types": _pick(rng, q("member_types"), (2, 5)), "member_sizes": _pick(rng, q("member_sizes"), (1, 3)),
        "involvement_local_authorities": rng.randint(0, 5), "involvement_inhabitants": rng.randint(0, 5),
        "cooperation_modes": _pick(rng, q("cooperation_modes"), (1, 4)),
        "member_structures": [
            {"name": f"{rng.choice(STRUCTURES)} {ptce['name'][:40]} {i}",
             "structure_type": rng.choice([c.code for c in q("member_types").choices]),
             "size": rng.choice([c.code for c in q("member_sizes").choices])}
            for i in range(1, rng.randint(2, 8))],
        "animation_by": rng.choice([c.code for c in q("animation_by").choices]),
        "animation_legal_status": rng.choice([c.code for c in q("animation_legal_status").choices]),
        "dedicated_staff": "yes" if staff else "no", "staff_count": rng.randint(1, 6), "staff_fte": rng.randint(2, 12) / 2,
        "volunteers": rng.randint(0, 120), "governance_formalisation": rng.randint(0, 5),
        "decision_sharing": rng.randint(0, 5), "own_budget": "yes" if own_budget else "no",
        "budget_amount": rng.randint(30, 900) * 1000,
        **{var: int(share * scale) for var, share in zip(SHARES, shares, strict=True)},
        "treasury_horizon": rng.choice([c.code for c in q("treasury_horizon").choices]),
        "jobs_created": rng.randint(0, 25), "jobs_maintained": rng.randint(5, 300),
        "ecological_actions": _pick(rng, q("ecological_actions")),
        "ecological_actions_detail": "Collecte et réemploi de matériaux, approvisionnement local des cantines.",
        "funding_needs": _pick(rng, q("funding_needs")), "support_needs": _pick(rng, q("support_needs")),
    }


def _answers(rng, profile: dict, definition, complete: bool) -> dict:
    """One year's answers: the profile moved by ±15 % (never enough to raise a trend warning)."""
    out = {}
    for var, value in profile.items():
        if isinstance(value, int) and var not in SHARES and not var.startswith(("involvement", "governance",
                                                                               "decision", "creation_year")):
            value = max(0, round(value * rng.uniform(0.9, 1.1)))
        out[var] = value
    out["current_members"] = max(out["current_members"], out["founding_members"])
    if out["dedicated_staff"] == "no":
        out.pop("staff_count"), out.pop("staff_fte")
    if out["own_budget"] == "no":
        for var in ("budget_amount", *SHARES):
            out.pop(var)
    if out["animation_by"] not in ("animation_cell", "carrier_structure"):
        out.pop("animation_legal_status")
    if rng.random() < 0.3:
        out["remarks"] = "Chiffres issus du dernier rapport d'activité approuvé en assemblée générale."
    if not complete:  # a draft stops somewhere in the middle
        keep = [q.var for q in definition.questions()][:rng.randint(3, 20)]
        out = {k: v for k, v in out.items() if k in keep}
    return out


def generate(ctx: Context, rng) -> None:
    raw = national.definition()
    definition = parse_definition(raw)
    ctx.insert(Questionnaire, [dict(code=national.CODE, version=1, title=definition.title,
                                    definition=definition.as_json(), published=True,
                                    created_at=ctx.now - timedelta(days=4 * 365))])
    questionnaire_id = ctx.conn.execute(sa.select(Questionnaire.id)).scalar_one()
    year = ctx.now.year - 1  # the open campaign collects last year's figures
    campaigns = []
    for i, y in enumerate(range(year - CAMPAIGNS + 1, year + 1)):
        current = y == year
        opens = date(y + 1, 1, 15) if not current else (ctx.now - timedelta(days=30)).date()
        campaigns.append(dict(year=y, title=f"Collecte nationale {y}", opens_on=opens,
                              closes_on=opens + timedelta(days=75),
                              questionnaire_id=questionnaire_id,
                              status=CampaignStatus.OPEN if current else CampaignStatus.CLOSED,
                              created_at=_at(opens) - timedelta(days=20), updated_at=_at(opens)))
    ctx.insert(Campaign, campaigns)
    for row, campaign_id in zip(campaigns, ctx.conn.execute(sa.select(Campaign.id).order_by(Campaign.id)).scalars(),
                                strict=True):
        row["id"] = campaign_id
    ptces = _ptces(ctx)
    profiles = {p["id"]: _profile(rng, definition, p) for p in ptces}
    for campaign in campaigns:
        _campaign(ctx, rng, campaign, ptces, profiles, definition, questionnaire_id)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.utc)


def _ptces(ctx: Context) -> list[dict]:
    rows = ctx.rows(sa.select(Ptce.id, Ptce.slug, Ptce.name, Ptce.region_id, Ptce.creation_year).order_by(Ptce.id))
    sectors, activities = {}, {}
    for ptce_id, code in ctx.conn.execute(sa.select(PtceSector.ptce_id, PtceSector.code).order_by(PtceSector.code)):
        sectors.setdefault(ptce_id, []).append(code)
    for ptce_id, code in ctx.conn.execute(sa.select(PtceActivity.ptce_id, PtceActivity.code)
                                          .order_by(PtceActivity.code)):
        activities.setdefault(ptce_id, []).append(code)
    for row in rows:
        row["sectors"], row["activities"] = sectors.get(row["id"], []), activities.get(row["id"], [])
    return rows


def _campaign(ctx, rng, campaign: dict, ptces: list[dict], profiles: dict, definition, questionnaire_id) -> None:
    responses, plans = _responses(ctx, rng, campaign, ptces, profiles, definition, questionnaire_id)
    ctx.insert(Response, responses)
    ids = ctx.conn.execute(sa.select(Response.id).where(Response.campaign_id == campaign["id"])
                           .order_by(Response.id)).scalars().all()
    audit, comments = [], []
    for response, response_id, (_ptce, referent, reviewer, moments) in zip(responses, ids, plans, strict=True):
        response["id"] = response_id
        audit += _trail(response, referent, reviewer, moments)
        if response["status"] is S.RETURNED:
            audit[-1]["note"] = rng.choice(COMMENTS)
            comments.append(dict(response_id=response_id, variable=rng.choice(("jobs_created", "volunteers")),
                                 body=rng.choice(COMMENTS), author_id=reviewer, created_at=moments[2],
                                 resolved_at=None))
    ctx.insert(ReviewComment, comments)
    audit += _snapshots(ctx, rng, campaign, responses, plans)
    ctx.insert(AuditEntry, audit)


def _responses(ctx, rng, campaign: dict, ptces: list[dict], profiles: dict, definition, questionnaire_id):
    """The campaign's responses, each as far as the mix says, and ``(ptce, referent, reviewer, moments)`` of each."""
    mix = OPEN_MIX if campaign["status"] is CampaignStatus.OPEN else CLOSED_MIX
    opens = _at(campaign["opens_on"])
    span = (min(_at(campaign["closes_on"], 18), ctx.now - timedelta(hours=1)) - opens).total_seconds()
    responses, plans = [], []
    for ptce in ptces:
        status = rng.choices(list(mix), list(mix.values()))[0]
        if status is None:
            continue  # never started: no row, as services.new_response leaves it
        referent = (ctx.referents.get(ptce["id"]) or ctx.members.get(ptce["id"]) or [None])[0]
        reviewer = (ctx.coordinators.get(ptce["region_id"]) or [None])[0]
        moments = sorted(opens + timedelta(seconds=rng.uniform(0, span)) for _ in range(4))
        answers = _answers(rng, profiles[ptce["id"]], definition, complete=status is not S.DRAFT)
        responses.append(dict(
            campaign_id=campaign["id"], ptce_id=ptce["id"], region_id=ptce["region_id"],
            questionnaire_id=questionnaire_id, status=status, answers=answers, justifications={}, acknowledged={},
            submitted_at=moments[1] if status is not S.DRAFT else None,
            validated_at=moments[2] if status in (S.VALIDATED, S.FORWARDED) else None,
            created_at=moments[0], updated_at=moments[3]))
        plans.append((ptce, referent, reviewer, moments))
    return responses, plans


# The moves that bring a new response to each status (forwarding is the snapshots' own move), who
# makes each (the PTCE's referent or the region's reviewer) and at which of the response's moments.
PATHS = {S.DRAFT: ("start",), S.SUBMITTED: ("start", "submit"), S.RETURNED: ("start", "submit", "send_back"),
         S.VALIDATED: ("start", "submit", "validate"), S.FORWARDED: ("start", "submit", "validate")}
BY_REVIEWER = {"send_back", "validate"}
MOMENT = {"start": 0, "submit": 1, "send_back": 2, "validate": 2}


@functools.cache
def moves(start: S, actions: tuple[str, ...]) -> tuple[tuple[str, S, S], ...]:
    """``(action, from, to)`` of each move, as the response's own guarded transitions make them."""
    response, out = Response(status=start), []
    for action in actions:
        before = getattr(response, action)()
        out.append((action, before, response.status))
    return tuple(out)


def _trail(response: dict, referent, reviewer, moments: list) -> list[dict]:
    """The audit entries a response's moves wrote: its start, its answers entered at once, then each move."""
    def entry(action, before: S, after: S, user, changes=None) -> dict:
        return dict(response_id=response["id"], user_id=user, at=moments[MOMENT.get(action, 0)], action=action,
                    from_status=before.value, to_status=after.value, changes=changes or {}, note="")

    trail = [entry(action, before, after, reviewer if action in BY_REVIEWER else referent)
             for action, before, after in moves(S.NOT_STARTED, PATHS[response["status"]])]
    trail.insert(1, entry("edit", S.DRAFT, S.DRAFT, referent,
                          {k: {"before": None, "after": v} for k, v in sorted(response["answers"].items())}))
    return trail


def _snapshots(ctx, rng, campaign: dict, responses: list[dict], plans: list) -> list[dict]:
    """Each region's forwarded responses frozen in snapshots (content and figures by ``forwarding``'s own rule)."""
    by_region: dict[int, list] = {}
    for response, (ptce, _referent, _reviewer, moments) in zip(responses, plans, strict=True):
        if response["status"] is S.FORWARDED:
            by_region.setdefault(response["region_id"], []).append((response, ptce, moments))
    snapshots, audit = [], []
    for region_id, forwarded in sorted(by_region.items()):
        forwarder = (ctx.coordinators.get(region_id) or [None])[0]
        batches = [forwarded]
        if len(forwarded) >= 4 and rng.random() < 0.3:  # forwarded in two goes: versions 1 and 2
            batches = [forwarded[:len(forwarded) * 3 // 5], forwarded]
        for version, batch in enumerate(batches, start=1):
            at = max(m[3] for _r, _p, m in batch)
            content = _content(ctx, campaign["id"], region_id, batch)
            snapshots.append(dict(campaign_id=campaign["id"], region_id=region_id, version=version,
                                  questionnaire_id=campaign["questionnaire_id"], content=content,
                                  content_hash=content_hash(content), forwarded_at=at, forwarded_by_id=forwarder))
            fresh = batch if version == 1 else batch[len(batches[0]):]
            (action, before, after), = moves(S.VALIDATED, ("forward",))
            audit += [dict(response_id=r["id"], user_id=forwarder, at=at, action=action, from_status=before.value,
                           to_status=after.value, changes={}, note=f"snapshot v{version}") for r, *_ in fresh]
    ctx.insert(Snapshot, snapshots)
    ids = {(r.region_id, r.version): r.id for r in ctx.conn.execute(
        sa.select(Snapshot.id, Snapshot.region_id, Snapshot.version).where(Snapshot.campaign_id == campaign["id"]))}
    ctx.insert(SnapshotFigures, (figures_row(ids[(s["region_id"], s["version"])], s["content"], s["content_hash"],
                                             s["forwarded_at"]) for s in snapshots))
    return audit


def _content(ctx: Context, campaign_id: int, region_id: int, batch: list) -> dict:
    """The snapshot of ``batch`` (response, ptce, moments): one entry per PTCE as ``forwarding._entry`` writes it."""
    entries = [{"ptce": {"id": p["id"], "slug": p["slug"], "name": p["name"]}, "questionnaire_version": 1,
                "validated_at": r["validated_at"].isoformat(), "answers": r["answers"]} for r, p, _m in batch]
    with ctx.session():
        return snapshot_content(db.session.get(Campaign, campaign_id), db.session.get(Region, region_id), entries)
