"""The list pages whose query count must not grow with their rows: the one registry.

Each entry signs someone in (or not), adds ``n`` rows of what the page lists
with ``grow(world, n)``, and names the URL. Growers live in ``tests/perf/grow/``,
one module per feature; a feature adds its list pages here with one entry each:
``ListPage("visits (region)", "coordinator", visits.grow_region_visits,
lambda w: f"/{w.region_slug}/visites/", COORDINATOR)``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.perf.grow import api, audit, calendar, collection, foundation, privacy, resources, transfers, visits
from tests.perf.rows import World, add_ptce

__all__ = ["LIST_PAGES", "MAX_QUERIES", "ListPage", "World"]

# The most statements a list page may send. The busiest list pages need: the region (1), the
# signed-in person and their roles (2), the page's rows with their joined and selectin-loaded
# relations (3-5), its counts or aggregates (1-2) and the form choices or filters it offers (1-2).
MAX_QUERIES = 12


@dataclass
class ListPage:
    name: str
    role: str | None                      # login(role, …) arguments: role name or None (visitor)
    grow: Callable[[World, int], None]
    url: Callable[[World], str]
    login: dict = field(default_factory=dict)  # extra login() keywords: "region", "referent", "ptce"
    # A higher bound says why: a function computing it from what the page is made of, with a docstring.
    max_queries: int | Callable[[], int] = MAX_QUERIES


def region_home_bound() -> int:
    """The region home gathers one section per feature (``home.region_section``), each at most four
    statements (its rows, their counts), after the page's own four (region, person, roles, PTCE count)."""
    from cellule.blueprints import feature_modules

    return 4 + 4 * len(list(feature_modules("home")))


def schema_scan_bound() -> int:
    """"Mes données" looks for the person in every column that can point at them, one statement per
    column found in the schema (tables added later are covered automatically), after the page's own
    four (person, roles, the account row, the summary)."""
    from cellule.blueprints.privacy import services
    from cellule.extensions import db

    targets = [t for t in db.metadata.sorted_tables if {"target_type", "target_id"} <= set(t.columns.keys())]
    return 4 + len(services.person_columns()) + len(services.email_columns()) + len(targets)


COORDINATOR = {"region": "hauts-de-france"}
MEMBER = {"ptce": "world"}
REFERENT = {"ptce": "world", "referent": True}


def grow_region_home(world: World, n: int) -> None:
    """Every section of the region home has rows: PTCE, events, visits, cycles, sheets, campaigns."""
    add_ptce(world, n)
    calendar.add_events(world, n)
    visits.grow_region_visits(world, n)
    transfers.grow_overview(world, n)
    resources.add_sheets(world, n)
    collection.grow_campaigns(world, n)


def _as_coordinator_and_member(name: str, grow: Callable[[World, int], None], path: str) -> list[ListPage]:
    """A region page measured twice: by the region's coordinator and by a PTCE member (``{slug}`` in ``path``)."""
    def url(w: World) -> str:
        return path.format(slug=w.region_slug)

    return [ListPage(f"{name}, as coordinator", "coordinator", grow, url, COORDINATOR),
            ListPage(f"{name}, as member", "ptce_member", grow, url, MEMBER)]


def _seen_by_coordinator(grow: Callable[[World, int], None], url: Callable[[World, str], str],
                         pages: dict[str, str]) -> list[ListPage]:
    """Pages of one object measured as the region's coordinator: each name with what follows the object's URL."""
    return [ListPage(name, "coordinator", grow, lambda w, suffix=suffix: url(w, suffix), COORDINATOR)
            for name, suffix in pages.items()]


def _month(path: str) -> Callable[[World], str]:
    return lambda w: path.format(slug=w.region_slug, month=calendar.month_arg())


LIST_PAGES: list[ListPage] = [
    # -- foundation: homes, directory, teams, profile
    ListPage("national home", None, foundation.grow_directory, lambda w: "/"),
    ListPage("region home", None, foundation.grow_directory, lambda w: f"/{w.region_slug}/"),
    ListPage("region home, every section, as coordinator", "coordinator", grow_region_home,
             lambda w: f"/{w.region_slug}/", COORDINATOR, max_queries=region_home_bound),
    ListPage("directory, national", None, foundation.grow_directory, lambda w: "/annuaire/"),
    ListPage("directory, region", None, foundation.grow_directory, lambda w: f"/{w.region_slug}/annuaire/"),
    ListPage("directory, region, as coordinator", "coordinator", foundation.grow_directory,
             lambda w: f"/{w.region_slug}/annuaire/?q=P%C3%B4le", COORDINATOR),
    ListPage("directory, filtered by sector", None, foundation.grow_directory,
             lambda w: "/annuaire/?sector=employment&charter=yes"),
    ListPage("region team", "coordinator", foundation.grow_region_team, lambda w: f"/{w.region_slug}/equipe",
             COORDINATOR),
    ListPage("PTCE members", "ptce_member", foundation.grow_ptce_members,
             lambda w: f"/{w.region_slug}/annuaire/{w.ptce_slug}/membres", REFERENT),
    ListPage("PTCE record with members", "ptce_member", foundation.grow_ptce_members,
             lambda w: f"/{w.region_slug}/annuaire/{w.ptce_slug}", MEMBER),
    ListPage("council team", "council_admin", foundation.grow_council, lambda w: "/conseil/equipe"),
    ListPage("profile", "ptce_member", foundation.grow_profile, lambda w: "/profil", MEMBER),

    # -- calendar: month grid and list, region and national, feeds, the personal feed
    ListPage("agenda, region, month", None, calendar.grow_events, _month("/{slug}/agenda/?mois={month}")),
    ListPage("agenda, region, list, as member", "ptce_member", calendar.grow_events,
             _month("/{slug}/agenda/?mois={month}&vue=liste"), MEMBER),
    ListPage("agenda, national, month, as council", "council_observer", calendar.grow_events,
             _month("/agenda/?mois={month}")),
    ListPage("agenda, national, list, filtered", None, calendar.grow_events,
             _month("/agenda/?mois={month}&vue=liste&region={slug}&type=webinar&type=training")),
    ListPage("agenda feed, national", None, calendar.grow_events, lambda w: "/agenda.ics"),
    ListPage("agenda feed, region", None, calendar.grow_events, lambda w: f"/{w.region_slug}/agenda.ics"),
    ListPage("agenda feed, personal", "ptce_member", calendar.grow_personal, calendar.personal_feed_url, MEMBER),

    # -- visits: region and national lists, my registrations, a visit's registrations
    ListPage("visits, region", None, visits.grow_region_visits, lambda w: f"/{w.region_slug}/visites/"),
    ListPage("visits, region, as coordinator (drafts)", "coordinator", visits.grow_region_visits,
             lambda w: f"/{w.region_slug}/visites/", COORDINATOR),
    ListPage("visits, region, my registrations", "ptce_member", visits.grow_region_visits,
             lambda w: f"/{w.region_slug}/visites/", MEMBER),
    ListPage("visits, national", None, visits.grow_national_visits, lambda w: "/visites/"),
    ListPage("visit page, registrations, as coordinator", "coordinator", visits.grow_registrations,
             visits.visit_url, COORDINATOR),
    ListPage("visit page, registrations, as a host member", "ptce_member", visits.grow_registrations,
             visits.visit_url, REFERENT),
    *_seen_by_coordinator(visits.grow_registrations, visits.visit_url, {
        "visit attendance": "/presences", "visit sign-in sheet": "/emargement",
        "visit participants, CSV": "/participants.csv", "visit participants, XLSX": "/participants.xlsx"}),

    # -- transfers: overview (cycles, needs, offers), other regions' offers, a need's ranking, cycle, session
    *_as_coordinator_and_member("transfers overview", transfers.grow_overview, "/{slug}/transferts/"),
    ListPage("transfers, other regions' offers", "coordinator", transfers.grow_other_offers,
             lambda w: f"/{w.region_slug}/transferts/autres-regions", COORDINATOR),
    ListPage("transfers, a need's matching offers", "coordinator", transfers.grow_need_ranking,
             lambda w: f"/{w.region_slug}/transferts/besoins/{transfers.the_need(w)}", COORDINATOR),
    ListPage("transfers, a cycle with many sessions", "ptce_member", transfers.grow_cycle_sessions,
             lambda w: f"/{w.region_slug}/transferts/cycles/{transfers.the_cycle(w)}", MEMBER),
    ListPage("transfers, a session's attendees and actions", "coordinator", transfers.grow_session,
             lambda w: f"/{w.region_slug}/transferts/cycles/{transfers.the_cycle(w)}/seances/"
                       f"{transfers.the_session(w)}", COORDINATOR),

    # -- resources: libraries, search, review lists, a sheet's history and attachments
    ListPage("resources, region library", None, resources.grow_sheets, lambda w: f"/{w.region_slug}/fiches/"),
    ListPage("resources, region library, as coordinator", "coordinator", resources.grow_sheets,
             lambda w: f"/{w.region_slug}/fiches/", COORDINATOR),
    ListPage("resources, search", "ptce_member", resources.grow_sheets,
             lambda w: f"/{w.region_slug}/fiches/?q=coop%C3%A9rative+gouvernance", MEMBER),
    ListPage("resources, national library", None, resources.grow_sheets, lambda w: "/fiches/?portee=national"),
    ListPage("resources, national search", None, resources.grow_sheets, lambda w: "/fiches/?q=statuts"),
    ListPage("resources, region review", "coordinator", resources.grow_sheets,
             lambda w: f"/{w.region_slug}/fiches/suivi", COORDINATOR),
    ListPage("resources, national review", "council_admin", resources.grow_sheets, lambda w: "/fiches/suivi"),
    *_seen_by_coordinator(resources.grow_sheet_history, resources.sheet_url, {
        "resources, a sheet with attachments": "", "resources, a sheet's history": "/historique"}),

    # -- collection: campaigns, a campaign's responses, the council's lists, a response's trail
    *_as_coordinator_and_member("collection, campaigns", collection.grow_campaigns, "/{slug}/collecte/"),
    ListPage("collection, a campaign's responses", "coordinator", collection.grow_campaign_progress,
             collection.campaign_url, COORDINATOR),
    ListPage("collection, council campaigns", "council_admin", collection.grow_council_index,
             lambda w: "/conseil/collecte/"),
    ListPage("collection, council dashboard", "council_observer", collection.grow_dashboard,
             lambda w: f"/conseil/collecte/{collection.the_campaign(w)}/"),
    ListPage("collection, a response's history", "coordinator", collection.grow_response_trail,
             lambda w: collection.response_url(w, "/historique"), COORDINATOR),
    ListPage("collection, a response's review", "coordinator", collection.grow_response_trail,
             lambda w: collection.response_url(w, "/examen"), COORDINATOR),

    # -- council API (JSON, paginated)
    ListPage("api, ptce", None, api.grow_ptce, lambda w: "/api/v1/ptce"),
    ListPage("api, ptce of a region", None, api.grow_ptce, lambda w: f"/api/v1/ptce?region={w.region_slug}"),
    ListPage("api, campaigns", None, api.grow_campaigns, lambda w: "/api/v1/campaigns"),
    ListPage("api, snapshots", None, api.grow_snapshots, lambda w: "/api/v1/snapshots"),
    ListPage("api, a snapshot", None, api.grow_snapshot_answers, api.latest_snapshot_url),
    ListPage("api, a snapshot's answers", None, api.grow_snapshot_answers,
             lambda w: api.latest_snapshot_url(w, "/answers")),

    # -- audit log, personal data
    ListPage("audit log", "council_admin", audit.grow_audit, lambda w: "/conseil/journal"),
    ListPage("audit log, filtered", "council_admin", audit.grow_audit,
             lambda w: f"/conseil/journal?action=auth.signin&region={w.region_id}"),
    ListPage("my data", "ptce_member", privacy.grow_my_data, lambda w: "/mes-donnees", MEMBER,
             max_queries=schema_scan_bound),
]
