"""Demo people in every role. All share one password, printed by `make run`."""
from __future__ import annotations

import click
import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from ..directory.models import Ptce, Region
from . import services
from .models import PartnerKind, Role

DEMO_PASSWORD = "cellule-demo-2026"
# Demo coordinators and council members sign in with two-factor codes from this
# key (add it to any authenticator app); never use a fixed key outside the demo.
DEMO_TOTP_SECRET = "CELLULEDEMOTOTPKEYFORREVIEWERSXX"
COORDINATED_REGIONS = ["32", "53", "84", "27", "76", "11", "28", "04"]

# email, name, role, region code, ptce slug, referent, partner kind
DEMO_PEOPLE = [
    ("admin@example.org", "Camille Conseil", Role.COUNCIL_ADMIN, None, None, False, None),
    ("observatoire@example.org", "Dominique Observatoire", Role.COUNCIL_OBSERVER, None, None, False, None),
    ("referente.beauvaisis@example.org", "Awa Diallo", Role.PTCE_MEMBER, None, "emergence-beauvaisis", True, None),
    ("membre.beauvaisis@example.org", "Lucas Martin", Role.PTCE_MEMBER, None, "emergence-beauvaisis", False, None),
    ("membre2.beauvaisis@example.org", "Inès Bernard", Role.PTCE_MEMBER, None, "emergence-beauvaisis", False, None),
    ("referent.initiatives@example.org", "Hugo Lefebvre", Role.PTCE_MEMBER, None, "initiatives-et-cite", True, None),
    ("membre.audruicq@example.org", "Chloé Petit", Role.PTCE_MEMBER, None, "ecopole-alimentaire-audruicq", True, None),
    ("referent.vilaine@example.org", "Yann Le Goff", Role.PTCE_MEMBER, None, "eoliennes-en-pays-de-vilaine", True, None),
    ("referente.archer@example.org", "Sophie Garnier", Role.PTCE_MEMBER, None, "pole-sud-archer", True, None),
    ("referente.kaz@example.org", "Marie-Annick Payet", Role.PTCE_MEMBER, None, "kaz-ensemble", True, None),
    ("membre.kaz@example.org", "Jean-Luc Hoarau", Role.PTCE_MEMBER, None, "kaz-ensemble", False, None),
    ("referent.lakour@example.org", "Nathalie Grondin", Role.PTCE_MEMBER, None, "lakour-cooperative-est", True, None),
    ("elue.beauvais@example.org", "Françoise Lemaire", Role.PARTNER, "32", None, False, PartnerKind.ELECTED),
    ("technicien.hdf@example.org", "Karim Benali", Role.PARTNER, "32", None, False, PartnerKind.TECHNICIAN),
    ("technicienne.reunion@example.org", "Valérie Técher", Role.PARTNER, "04", None, False, PartnerKind.TECHNICIAN),
]


def coordinator_email(region: Region) -> str:
    return f"coordination.{region.slug}@example.org"


def load() -> None:
    """Create the demo accounts and roles that are missing."""
    regions = {r.code: r for r in db.session.scalars(sa.select(Region))}
    ptces = {p.slug: p for p in db.session.scalars(sa.select(Ptce))}
    people = [(coordinator_email(regions[c]), f"Coordination {regions[c].name}", Role.COORDINATOR, c,
               None, False, None) for c in COORDINATED_REGIONS] + DEMO_PEOPLE
    for email, name, role, region_code, ptce_slug, referent, kind in people:
        user = services.find_user(email) or services.create_user(email, name, DEMO_PASSWORD)
        services.grant(user, role, region=regions.get(region_code), ptce=ptces.get(ptce_slug),
                       referent=referent, partner_kind=kind)
        if user.needs_two_factor() and not user.has_two_factor:
            user.totp_secret, user.totp_enabled_at = DEMO_TOTP_SECRET, utcnow()


def print_logins() -> None:
    """Print the demo accounts, as the README lists them."""
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD})")
    click.echo("  admin@example.org                      national council admin")
    click.echo("  observatoire@example.org               national council observer")
    click.echo("  coordination.hauts-de-france@example.org  coordinator, Hauts-de-France")
    click.echo("  coordination.la-reunion@example.org    coordinator, La Réunion")
    click.echo("  referente.beauvaisis@example.org       PTCE referent, Emergence Beauvaisis")
    click.echo("  membre.beauvaisis@example.org          PTCE member, Emergence Beauvaisis")
    click.echo("  elue.beauvais@example.org              partner (elected official), Hauts-de-France")
    click.echo(f"Coordinators and council members also need a two-factor code: add the key {DEMO_TOTP_SECRET}")
    click.echo("  to an authenticator app (time-based, 6 digits, 30 s), or print the current code with")
    click.echo(f"  python -c \"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\"")
