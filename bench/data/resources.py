"""Benchmark data: 300 resource sheets (scale 1) with their history, proposals and full-text index.

Most sheets are regional (provenance: a region, often a PTCE), some national;
three in four are published, the rest drafts or archives. Each has one to four
applied revisions (the last one is its current content), some have a change
proposed by a PTCE member or a pending proposal to the national library.
The full-text index ``resources_fts`` is filled as ``search.index_sheet``
would, in one executemany (the same statement and values); the libraries'
tallies are counted once all sheets are in (``tallies.rebuild``).
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from cellule.blueprints.directory.reference import SECTORS, SUPPORT_TOPICS
from cellule.blueprints.resources import pending, search, tallies
from cellule.blueprints.resources.models import NationalProposal, Revision, Sheet
from cellule.blueprints.resources.reference import Category, ProposalStatus, RevisionState, Scope, SheetStatus
from cellule.blueprints.resources.sheet_links import SheetSector, SheetTag, SheetTopic

from .context import Context

SHEETS = 300
# Three subjects per category (by its value), one category a line.
SUBJECTS = {Category(code): tuple(subjects.split(" | ")) for code, subjects in (line.split(": ", 1) for line in """
legal: choisir le statut de la structure d'animation | rédiger les statuts d'une SCIC | la convention de mise à disposition de personnel
funding: hybrider les ressources du pôle | monter un dossier FSE+ | solliciter un mécénat local
setup: réunir les premiers partenaires | réaliser un diagnostic de territoire | écrire la feuille de route de la première année
governance: organiser les collèges de sociétaires | animer un comité de pilotage | partager la décision entre membres
communication: présenter le pôle aux élus | tenir une lettre d'information | raconter les coopérations en images
animation: animer un séminaire de coopération | faire vivre un tiers-lieu | mobiliser les bénévoles dans la durée
evaluation: mesurer l'impact social | construire des indicateurs partagés | préparer l'évaluation avec les financeurs
local_authorities: négocier une convention pluriannuelle | répondre à un appel à projets local | associer l'intercommunalité à la gouvernance
sector_guide: lancer une ressourcerie | approvisionner la restauration collective | créer une plateforme de mobilité solidaire
""".strip().splitlines())}
TAGS = ("scic", "gouvernance", "financement", "fse", "collectivités", "tiers-lieu", "insertion", "bénévolat",
        "évaluation", "circuits courts", "réemploi", "mobilité", "emploi", "mutualisation", "statuts")
PARAGRAPHS = (
    "Les pôles qui réussissent cette étape commencent par un état des lieux partagé : qui fait quoi, avec "
    "quels moyens, et quels besoins du territoire restent sans réponse.",
    "Prévoyez un temps de travail collectif de deux heures avec les structures membres, puis une restitution "
    "écrite qui servira de base aux décisions du comité de pilotage.",
    "Les collectivités attendent des indicateurs simples : emplois créés ou maintenus, structures accompagnées, "
    "actions de transition écologique engagées.",
    "Le coût d'une animation de la coopération se situe souvent entre un demi et deux équivalents temps plein ; "
    "mutualiser ce poste entre plusieurs membres sécurise le financement.",
    "Une charte de coopération courte, signée par chaque membre, clarifie les engagements réciproques et "
    "facilite l'accueil de nouveaux partenaires.",
    "Les retours d'expérience des autres régions montrent qu'un calendrier réaliste compte en mois plutôt "
    "qu'en semaines : laissez le temps aux instances de chaque structure de délibérer.",
    "Conservez une trace des décisions dans un registre accessible à tous les membres ; il sera utile lors "
    "des renouvellements d'équipe et des contrôles des financeurs.",
)


def _body(rng, subject: str) -> str:
    parts = [f"## Pourquoi {subject} ?", rng.choice(PARAGRAPHS), "## Étapes"]
    parts += [f"{i}. {rng.choice(PARAGRAPHS)}" for i in range(1, rng.randint(3, 6))]
    parts += ["## Points de vigilance", *(f"- {rng.choice(PARAGRAPHS)}" for _ in range(rng.randint(2, 4))),
              "## Pour aller plus loin", "Contactez la cellule régionale pour un échange avec un pôle pair."]
    return "\n\n".join(parts)


def generate(ctx: Context, rng) -> None:
    ptces_by_region: dict[int, list[int]] = {}
    for p in ctx.ptces:
        ptces_by_region.setdefault(p["region_id"], []).append(p["id"])
    sheets, extras = [], []  # extras: (tags, topics, sectors, revision count, proposal?, national proposal?)
    for n in range(1, ctx.n(SHEETS) + 1):
        sheet = _sheet(ctx, rng, n, ptces_by_region)
        sheets.append(sheet)
        published = sheet["status"] is SheetStatus.PUBLISHED
        extras.append((rng.sample(TAGS, rng.randint(1, 4)), rng.sample(list(SUPPORT_TOPICS), rng.randint(1, 3)),
                       rng.sample(list(SECTORS), rng.randint(0, 2)), rng.randint(1, 4),
                       published and rng.random() < 0.1,
                       published and sheet["scope"] is Scope.REGIONAL and rng.random() < 0.05))
    ctx.insert(Sheet, sheets)
    ids = ctx.conn.execute(sa.select(Sheet.id).order_by(Sheet.id)).scalars().all()
    links, revisions, proposals = {SheetTag: [], SheetTopic: [], SheetSector: []}, [], []
    for sheet, sheet_id, (tag, topic, sector, count, change, to_national) in zip(sheets, ids, extras, strict=True):
        sheet["id"], sheet["tags"] = sheet_id, tag
        links[SheetTag] += [{"sheet_id": sheet_id, "tag": t} for t in tag]
        links[SheetTopic] += [{"sheet_id": sheet_id, "code": c} for c in topic]
        links[SheetSector] += [{"sheet_id": sheet_id, "code": c} for c in sector]
        revisions += _history(ctx, rng, sheet, count, change, (tag, topic, sector))
        if to_national:
            proposals.append(dict(sheet_id=sheet_id, region_id=sheet["region_id"], status=ProposalStatus.PENDING,
                                  proposed_by_id=(ctx.coordinators.get(sheet["region_id"]) or [None])[0],
                                  motivation="Utile à tous les pôles, au-delà de notre région.",
                                  created_at=ctx.now - timedelta(days=rng.randint(1, 30)), decision_comment=""))
    for model, rows in links.items():
        ctx.insert(model, rows)
    ctx.insert(Revision, revisions)
    ctx.insert(NationalProposal, proposals)
    _index(ctx, sheets)
    tallies.rebuild(ctx.conn)  # the libraries' counts and tags in use, as the services keep them
    pending.rebuild(ctx.conn)  # the proposed changes by library, as the services keep them


def _sheet(ctx: Context, rng, n: int, ptces_by_region: dict[int, list[int]]) -> dict:
    """Sheet ``n``: regional (often by a PTCE) or national, mostly published."""
    category = rng.choice(list(Category))
    subject = rng.choice(SUBJECTS[category])
    national = rng.random() < 0.15
    region_id = None if national and rng.random() < 0.4 else rng.choice([r["id"] for r in ctx.regions])
    author_ptce = (rng.choice(ptces_by_region[region_id])
                   if region_id in ptces_by_region and rng.random() < 0.6 else None)
    creator = ((ctx.members.get(author_ptce) or [None])[0] if author_ptce
               else (ctx.coordinators.get(region_id) or ctx.council or [None])[0])
    status = rng.choices([SheetStatus.PUBLISHED, SheetStatus.DRAFT, SheetStatus.ARCHIVED], [75, 15, 10])[0]
    if national and status is SheetStatus.DRAFT:
        status = SheetStatus.PUBLISHED
    created = ctx.now - timedelta(days=rng.randint(1, 1000))
    updated = created + timedelta(days=rng.randint(0, (ctx.now - created).days))
    title = f"Fiche pratique : {subject}" + (f" ({n})" if rng.random() < 0.3 else "")
    return dict(
        title=title[:200], summary=f"Comment {subject}, étape par étape, avec l'expérience des PTCE.",
        body=_body(rng, subject), category=category, scope=Scope.NATIONAL if national else Scope.REGIONAL,
        status=status, region_id=region_id, author_ptce_id=author_ptce, created_by_id=creator,
        review_by=(updated + timedelta(days=rng.randint(200, 730))).date() if rng.random() < 0.7 else None,
        created_at=created, updated_at=updated,
        published_at=created + timedelta(days=1) if status is not SheetStatus.DRAFT else None,
        archived_at=updated if status is SheetStatus.ARCHIVED else None)


def _history(ctx: Context, rng, sheet: dict, count: int, change: bool, links: tuple) -> list[dict]:
    """``count`` applied revisions (earlier ones held fewer paragraphs), and maybe a proposed change."""
    cut = sheet["body"].split("\n\n")
    revisions = []
    for number in range(1, count + 1):
        body = sheet["body"] if number == count else "\n\n".join(cut[:max(3, len(cut) - (count - number))])
        revisions.append(_revision(sheet, number, RevisionState.APPLIED, body, *links,
                                   sheet["created_by_id"], "Création" if number == 1 else "Mise à jour"))
    if change:
        member = (ctx.members.get(sheet["author_ptce_id"]) or [None])[-1]
        revisions.append(_revision(sheet, count + 1, RevisionState.PROPOSED,
                                   sheet["body"] + "\n\nÀ compléter : " + rng.choice(PARAGRAPHS),
                                   *links, member, "Proposition de complément"))
    return revisions


def _revision(sheet, number, state, body, tags, topics, sectors, author, note) -> dict:
    return dict(sheet_id=sheet["id"], number=number, state=state, author_id=author, note=note,
                created_at=sheet["created_at"] + timedelta(days=number - 1), title=sheet["title"],
                summary=sheet["summary"], body=body, category=sheet["category"], review_by=sheet["review_by"],
                tags=tags, topics=topics, sectors=sectors, attachment_ids=[], review_comment="")


def _index(ctx: Context, sheets: list[dict]) -> None:
    """Fill ``resources_fts`` with every sheet, as search.index_sheet does one by one."""
    dialect = ctx.conn.dialect.name
    rows = [search.index_params(dialect, sheet_id=s["id"], title=s["title"], summary=s["summary"],
                                body=s["body"], tags=s["tags"]) for s in sheets]
    for start in range(0, len(rows), 1000):
        ctx.conn.execute(search.index_statement(dialect), rows[start:start + 1000])
    ctx.counts[search.TABLE] = len(rows)
