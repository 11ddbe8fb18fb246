"""Every page template reachable today, per role, for the axe checks.

A feature adds its pages with one line each: ``A11yPage("coordinator", "visit
form", lambda w: f"/{w.region}/visites/nouvelle")``. ``submit`` clicks that
button first, to check the page with its error messages shown.
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


PAGES: list[A11yPage] = [
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
    A11yPage("visitor", "invalid link", lambda w: "/invitation/not-a-token"),
    A11yPage("visitor", "not found", lambda w: "/nulle-part/"),
    A11yPage("coordinator", "region home", lambda w: f"/{w.region}/"),
    A11yPage("coordinator", "region directory", lambda w: f"/{w.region}/annuaire/"),
    A11yPage("coordinator", "PTCE record", lambda w: f"/{w.region}/annuaire/{w.ptce}"),
    A11yPage("coordinator", "new PTCE with errors", lambda w: f"/{w.region}/annuaire/nouveau",
             submit="Enregistrer"),
    A11yPage("coordinator", "edit PTCE", lambda w: f"/{w.region}/annuaire/{w.ptce}/modifier"),
    A11yPage("coordinator", "CSV import", lambda w: f"/{w.region}/annuaire/import"),
    A11yPage("coordinator", "region team", lambda w: f"/{w.region}/equipe"),
    A11yPage("coordinator", "PTCE members", lambda w: f"/{w.region}/annuaire/{w.ptce}/membres"),
    A11yPage("coordinator", "forbidden", lambda w: "/conseil/equipe"),
    A11yPage("referent", "PTCE members", lambda w: f"/{w.region}/annuaire/{w.ptce}/membres"),
    A11yPage("referent", "edit PTCE", lambda w: f"/{w.region}/annuaire/{w.ptce}/modifier"),
    A11yPage("member", "PTCE record with members", lambda w: f"/{w.region}/annuaire/{w.ptce}"),
    A11yPage("member", "profile", lambda w: "/profil"),
    A11yPage("member", "profile with errors", lambda w: "/profil", submit="Changer le mot de passe"),
    A11yPage("partner", "region home", lambda w: f"/{w.region}/"),
    A11yPage("partner", "profile", lambda w: "/profil"),
    A11yPage("council_admin", "council team", lambda w: "/conseil/equipe"),
    A11yPage("council_admin", "national directory", lambda w: "/annuaire/"),
    A11yPage("council_observer", "national home", lambda w: "/"),
    A11yPage("council_observer", "profile", lambda w: "/profil"),
]
ROLES = sorted({p.role for p in PAGES})
