"""Every page template, per role, for the axe checks (``test_accessibility``).

A feature adds its pages with one line each: ``A11yPage("coordinator", "visit
form", lambda w: f"/{w.region}/visites/nouvelle")``. ``submit`` clicks that
button first (after typing ``fill``'s values, by field name, into its form), to
check the page with its error messages shown, or the page a button leads to.
``status`` is what the page answers (after the submission, if any).

``w`` is the ``a11y_world.World``: the features' demo data and the ids of its rows.
``test_a11y_coverage`` fails when a page template is reached by no entry here.
Within one role, entries run in order in one browser context.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class A11yPage:
    role: str            # "visitor", or a key of the world's people
    name: str
    path: Callable[[object], str]
    submit: str | None = None
    fill: Callable[[object], dict[str, str]] | None = None  # field name -> value, in submit's form
    status: int = 200


def _visit(w, rest: str = "", visit: str = "visit") -> str:
    return f"/{w.region}/visites/{getattr(w, visit)}{rest}"


def _cycle(w, rest: str = "") -> str:
    return f"/{w.region}/transferts/cycles/{w.cycle}{rest}"


def _response(w, slug: str, rest: str = "") -> str:
    return f"/{w.region}/collecte/{w.campaign}/ptce/{slug}{rest}"


PAGES: list[A11yPage] = [
    # -- signed out --------------------------------------------------------------------------
    A11yPage("visitor", "national home", lambda w: "/"),
    A11yPage("visitor", "national directory", lambda w: "/annuaire/"),
    A11yPage("visitor", "region home", lambda w: f"/{w.region}/"),
    A11yPage("visitor", "region directory", lambda w: f"/{w.region}/annuaire/"),
    A11yPage("visitor", "empty directory search", lambda w: f"/{w.region}/annuaire/?q=zzzz"),
    A11yPage("visitor", "PTCE record", lambda w: f"/{w.region}/annuaire/{w.ptce}"),
    A11yPage("visitor", "sign-in", lambda w: "/connexion"),
    A11yPage("visitor", "sign-in with errors", lambda w: "/connexion", submit="Se connecter"),
    A11yPage("visitor", "forgotten password", lambda w: "/mot-de-passe-oublie"),
    A11yPage("visitor", "forgotten password with errors", lambda w: "/mot-de-passe-oublie",
             submit="Recevoir un lien"),
    A11yPage("visitor", "invitation", lambda w: w.invitation),
    A11yPage("visitor", "invitation with errors", lambda w: w.invitation, submit="Créer mon compte"),
    A11yPage("visitor", "password reset", lambda w: w.reset),
    A11yPage("visitor", "invalid link", lambda w: "/invitation/not-a-token", status=404),
    A11yPage("visitor", "not found", lambda w: "/nulle-part/", status=404),
    A11yPage("visitor", "privacy policy", lambda w: "/donnees-personnelles"),
    A11yPage("visitor", "national agenda (month)", lambda w: "/agenda/"),
    A11yPage("visitor", "national agenda (list)", lambda w: "/agenda/?vue=liste"),
    A11yPage("visitor", "region agenda (month)", lambda w: f"/{w.region}/agenda/"),
    A11yPage("visitor", "region agenda (list)", lambda w: f"/{w.region}/agenda/?vue=liste"),
    A11yPage("visitor", "agenda with a wrong filter", lambda w: "/agenda/?type=nimporte", status=400),
    A11yPage("visitor", "national event", lambda w: f"/agenda/evenements/{w.national_event}"),
    A11yPage("visitor", "calendar feeds", lambda w: "/agenda/abonnement"),
    A11yPage("visitor", "region calendar feeds", lambda w: f"/{w.region}/agenda/abonnement"),
    A11yPage("visitor", "region visits", lambda w: f"/{w.region}/visites/"),
    A11yPage("visitor", "visits open to every region", lambda w: "/visites/"),
    A11yPage("visitor", "visit", lambda w: _visit(w)),
    A11yPage("visitor", "national library", lambda w: "/fiches/"),
    A11yPage("visitor", "region library", lambda w: f"/{w.region}/fiches/"),
    A11yPage("visitor", "library search", lambda w: f"/{w.region}/fiches/?q=gouvernance"),
    A11yPage("visitor", "library search without result", lambda w: "/fiches/?q=zzzz"),
    A11yPage("visitor", "national sheet", lambda w: f"/fiches/{w.national_sheet}"),
    A11yPage("visitor", "regional sheet", lambda w: f"/{w.region}/fiches/{w.sheet}"),
    # Last: the password step leaves this context waiting for the code.
    A11yPage("visitor", "two-factor code step", lambda w: "/connexion", submit="Se connecter",
             fill=lambda w: {"email": w.people["coordinator"].email, "password": w.password}),
    A11yPage("visitor", "two-factor code step with errors", lambda w: "/connexion/verification",
             submit="Vérifier", fill=lambda w: {"code": "000000"}),

    # -- regional coordinator ---------------------------------------------------------------------
    A11yPage("coordinator", "region home", lambda w: f"/{w.region}/"),
    A11yPage("coordinator", "region directory", lambda w: f"/{w.region}/annuaire/"),
    A11yPage("coordinator", "PTCE record", lambda w: f"/{w.region}/annuaire/{w.ptce}"),
    A11yPage("coordinator", "new PTCE with errors", lambda w: f"/{w.region}/annuaire/nouveau",
             submit="Enregistrer"),
    A11yPage("coordinator", "edit PTCE", lambda w: f"/{w.region}/annuaire/{w.ptce}/modifier"),
    A11yPage("coordinator", "CSV import", lambda w: f"/{w.region}/annuaire/import"),
    A11yPage("coordinator", "region team", lambda w: f"/{w.region}/equipe"),
    A11yPage("coordinator", "PTCE members", lambda w: f"/{w.region}/annuaire/{w.ptce}/membres"),
    A11yPage("coordinator", "forbidden", lambda w: "/conseil/equipe", status=403),
    A11yPage("coordinator", "region agenda", lambda w: f"/{w.region}/agenda/"),
    A11yPage("coordinator", "event", lambda w: f"/{w.region}/agenda/evenements/{w.event}"),
    A11yPage("coordinator", "new event with errors", lambda w: f"/{w.region}/agenda/nouveau",
             submit="Enregistrer"),
    A11yPage("coordinator", "edit event", lambda w: f"/{w.region}/agenda/evenements/{w.event}/modifier"),
    A11yPage("coordinator", "personal calendar feeds", lambda w: "/agenda/abonnement"),
    A11yPage("coordinator", "region visits with drafts", lambda w: f"/{w.region}/visites/"),
    A11yPage("coordinator", "visit (organiser)", lambda w: _visit(w)),
    A11yPage("coordinator", "held visit (organiser)", lambda w: _visit(w, visit="held_visit")),
    A11yPage("coordinator", "draft visit", lambda w: _visit(w, visit="draft_visit")),
    A11yPage("coordinator", "new visit with errors", lambda w: f"/{w.region}/visites/nouvelle",
             submit="Créer le brouillon"),
    A11yPage("coordinator", "edit visit", lambda w: _visit(w, "/modifier")),
    A11yPage("coordinator", "cancel visit (confirmation)", lambda w: _visit(w, "/annuler")),
    A11yPage("coordinator", "duplicate visit", lambda w: f"/{w.region}/visites/nouvelle?copie={w.visit}"),
    A11yPage("coordinator", "attendance", lambda w: _visit(w, "/presences", "held_visit")),
    A11yPage("coordinator", "sign-in sheet", lambda w: _visit(w, "/emargement", "held_visit")),
    A11yPage("coordinator", "transfers", lambda w: f"/{w.region}/transferts/"),
    A11yPage("coordinator", "need with candidates", lambda w: f"/{w.region}/transferts/besoins/{w.need}"),
    A11yPage("coordinator", "cycle proposal with errors", lambda w: f"/{w.region}/transferts/besoins/{w.need}",
             submit="Proposer le cycle aux PTCE cochés", status=400),
    A11yPage("coordinator", "offers of other regions", lambda w: f"/{w.region}/transferts/autres-regions"),
    A11yPage("coordinator", "cycle (manager)", lambda w: _cycle(w)),
    A11yPage("coordinator", "session", lambda w: _cycle(w, f"/seances/{w.session}")),
    A11yPage("coordinator", "close cycle (confirmation)", lambda w: _cycle(w, "/cloturer")),
    A11yPage("coordinator", "new session with errors", lambda w: _cycle(w, "/seances/nouvelle"),
             submit="Enregistrer et envoyer l'invitation"),
    A11yPage("coordinator", "edit session", lambda w: _cycle(w, f"/seances/{w.session}/modifier")),
    A11yPage("coordinator", "sheets to follow up", lambda w: f"/{w.region}/fiches/suivi"),
    A11yPage("coordinator", "sheet with a proposed change", lambda w: f"/{w.region}/fiches/{w.sheet}"),
    A11yPage("coordinator", "sheet history", lambda w: f"/{w.region}/fiches/{w.sheet}/historique"),
    A11yPage("coordinator", "sheet revision", lambda w: f"/{w.region}/fiches/{w.sheet}/historique/1"),
    A11yPage("coordinator", "national proposal", lambda w: f"/{w.region}/fiches/{w.sheet}/proposer-national"),
    A11yPage("coordinator", "data collection", lambda w: f"/{w.region}/collecte/"),
    A11yPage("coordinator", "campaign (region)", lambda w: f"/{w.region}/collecte/{w.campaign}/"),
    A11yPage("coordinator", "regional questions",
             lambda w: f"/{w.region}/collecte/{w.campaign}/questions-regionales"),
    A11yPage("coordinator", "new regional question with errors",
             lambda w: f"/{w.region}/collecte/{w.campaign}/questions-regionales/nouvelle",
             submit="Enregistrer la question"),
    A11yPage("coordinator", "edit regional question",
             lambda w: f"/{w.region}/collecte/{w.campaign}/questions-regionales/tiers_lieux_animes/modifier"),
    A11yPage("coordinator", "delete regional question",
             lambda w: f"/{w.region}/collecte/{w.campaign}/questions-regionales/tiers_lieux_animes/supprimer"),
    A11yPage("coordinator", "regional questions as JSON",
             lambda w: f"/{w.region}/collecte/{w.campaign}/questions-regionales/json"),
    A11yPage("coordinator", "answers to review", lambda w: _response(w, w.submitted, "/examen")),
    A11yPage("coordinator", "review with errors", lambda w: _response(w, w.submitted, "/examen"),
             submit="Valider les réponses"),
    A11yPage("coordinator", "answers history", lambda w: _response(w, w.submitted, "/historique")),
    A11yPage("coordinator", "two-factor settings", lambda w: "/profil/double-authentification"),
    A11yPage("coordinator", "new recovery codes", lambda w: "/profil/double-authentification",
             submit="Générer de nouveaux codes de secours"),

    # -- PTCE referent (Emergence Beauvaisis) -------------------------------------------------------
    A11yPage("referent", "PTCE members", lambda w: f"/{w.region}/annuaire/{w.ptce}/membres"),
    A11yPage("referent", "edit PTCE", lambda w: f"/{w.region}/annuaire/{w.ptce}/modifier"),
    A11yPage("referent", "transfers", lambda w: f"/{w.region}/transferts/"),
    A11yPage("referent", "own need", lambda w: f"/{w.region}/transferts/besoins/{w.need}"),
    A11yPage("referent", "new need with errors", lambda w: f"/{w.region}/transferts/besoins/nouveau",
             submit="Enregistrer"),
    A11yPage("referent", "new offer", lambda w: f"/{w.region}/transferts/offres/nouvelle"),
    A11yPage("referent", "edit need", lambda w: f"/{w.region}/transferts/besoins/{w.need}/modifier"),
    A11yPage("referent", "cycle (mentee)", lambda w: _cycle(w)),
    A11yPage("referent", "assessment with errors",
             lambda w: f"/{w.region}/transferts/cycles/{w.closed_cycle}/evaluation",
             submit="Enregistrer l'évaluation"),
    A11yPage("referent", "data collection", lambda w: f"/{w.region}/collecte/"),
    A11yPage("referent", "questionnaire sent back", lambda w: _response(w, w.returned)),
    A11yPage("referent", "questionnaire with errors", lambda w: _response(w, w.returned),
             submit="Enregistrer et soumettre", fill=lambda w: {"founding_members": "beaucoup"}),
    A11yPage("referent", "new sheet with errors", lambda w: f"/{w.region}/fiches/nouvelle", submit="Enregistrer"),
    A11yPage("referent", "own draft sheet", lambda w: f"/{w.region}/fiches/{w.draft_sheet}"),
    A11yPage("referent", "edit own sheet", lambda w: f"/{w.region}/fiches/{w.sheet}/modifier"),
    A11yPage("referent", "new visit", lambda w: f"/{w.region}/visites/nouvelle"),
    A11yPage("referent", "visit (register a colleague)", lambda w: _visit(w)),
    A11yPage("referent", "my data", lambda w: "/mes-donnees"),
    A11yPage("referent", "account deletion with errors", lambda w: "/mes-donnees",
             submit="Supprimer définitivement mon compte", status=400),

    # -- PTCE member ------------------------------------------------------------------------------
    A11yPage("member", "PTCE record with members", lambda w: f"/{w.region}/annuaire/{w.ptce}"),
    A11yPage("member", "profile", lambda w: "/profil"),
    A11yPage("member", "profile with errors", lambda w: "/profil", submit="Changer le mot de passe"),
    A11yPage("member", "visit (registered)", lambda w: _visit(w)),
    A11yPage("member", "cancel my registration: confirmation step", lambda w: _visit(w, "?annulation=1")),
    A11yPage("member", "seat page (confirmed)", lambda w: _visit(w, "/proposition")),
    A11yPage("member", "held visit (present)", lambda w: _visit(w, visit="held_visit")),
    A11yPage("member", "feedback", lambda w: _visit(w, "/avis", "held_visit")),
    A11yPage("member", "change proposal", lambda w: f"/{w.region}/fiches/{w.sheet}/modifier"),
    A11yPage("member", "codebook", lambda w: f"/collecte/questionnaires/{w.questionnaire}/dictionnaire"),
    A11yPage("member", "two-factor enrolment", lambda w: "/profil/double-authentification"),
    A11yPage("member", "two-factor enrolment with errors", lambda w: "/profil/double-authentification",
             submit="Activer", fill=lambda w: {"code": "000000"}),
    A11yPage("member", "my data", lambda w: "/mes-donnees"),

    # -- referent of the host PTCE, offered a seat ------------------------------------------------------
    A11yPage("host_referent", "seat offered", lambda w: _visit(w, "/proposition")),
    A11yPage("host_referent", "visit with a seat offered", lambda w: _visit(w)),
    A11yPage("host_referent", "withdraw submitted answers (confirmation)",
             lambda w: _response(w, w.submitted, "/retirer")),
    A11yPage("host_referent", "cycle (mentor)", lambda w: _cycle(w)),
    A11yPage("host_referent", "edit offer", lambda w: f"/{w.region}/transferts/offres/{w.offer}/modifier"),

    # -- partner ------------------------------------------------------------------------------------
    A11yPage("partner", "region home", lambda w: f"/{w.region}/"),
    A11yPage("partner", "profile", lambda w: "/profil"),
    A11yPage("partner", "region visits", lambda w: f"/{w.region}/visites/"),
    A11yPage("partner", "visit (on the waitlist)", lambda w: _visit(w)),
    A11yPage("partner", "region agenda (list)", lambda w: f"/{w.region}/agenda/?vue=liste"),

    # -- national council --------------------------------------------------------------------------
    A11yPage("council_admin", "council team", lambda w: "/conseil/equipe"),
    A11yPage("council_admin", "national directory", lambda w: "/annuaire/"),
    A11yPage("council_admin", "national agenda", lambda w: "/agenda/"),
    A11yPage("council_admin", "new national event with errors", lambda w: "/agenda/nouveau", submit="Enregistrer"),
    A11yPage("council_admin", "edit national event",
             lambda w: f"/agenda/evenements/{w.national_event}/modifier"),
    A11yPage("council_admin", "national sheets to follow up", lambda w: "/fiches/suivi"),
    A11yPage("council_admin", "national proposal decision", lambda w: f"/fiches/propositions/{w.proposal}"),
    A11yPage("council_admin", "national proposal decision with errors",
             lambda w: f"/fiches/propositions/{w.proposal}", submit="Enregistrer la décision"),
    A11yPage("council_admin", "edit national sheet", lambda w: f"/fiches/{w.national_sheet}/modifier"),
    A11yPage("council_admin", "campaigns", lambda w: "/conseil/collecte/"),
    A11yPage("council_admin", "new campaign with errors", lambda w: "/conseil/collecte/", submit="Créer la campagne"),
    A11yPage("council_admin", "campaign dashboard", lambda w: f"/conseil/collecte/{w.campaign}/"),
    A11yPage("council_admin", "questionnaire", lambda w: f"/conseil/collecte/questionnaires/{w.questionnaire}"),
    A11yPage("council_admin", "questionnaire with errors",
             lambda w: f"/conseil/collecte/questionnaires/{w.questionnaire}", submit="Enregistrer",
             fill=lambda w: {"definition": '{"sections": ['}),
    A11yPage("council_admin", "API tokens", lambda w: "/conseil/api/jetons"),
    A11yPage("council_admin", "API token with errors", lambda w: "/conseil/api/jetons", submit="Créer le jeton"),
    A11yPage("council_admin", "audit log", lambda w: "/conseil/journal"),
    A11yPage("council_admin", "audit log with a wrong date", lambda w: "/conseil/journal?du=hier"),
    A11yPage("council_observer", "national home", lambda w: "/"),
    A11yPage("council_observer", "profile", lambda w: "/profil"),
    A11yPage("council_observer", "campaigns", lambda w: "/conseil/collecte/"),
    A11yPage("council_observer", "campaign dashboard", lambda w: f"/conseil/collecte/{w.campaign}/"),
    A11yPage("council_observer", "closed campaign dashboard with charts",
             lambda w: f"/conseil/collecte/{w.closed_campaign}/"),
]
ROLES = sorted({p.role for p in PAGES})
