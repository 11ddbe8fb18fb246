"""Reference lists for PTCE records, from the Labo de l'ESS 2020 survey (shared/seeds/001_…).

Codes are stable identifiers used in the database, CSV files and the API;
labels are French and translated through Babel.
"""
from flask_babel import lazy_gettext as _l

from ...enums import LabelledEnum

# The 20 sectors of the 2020 survey, in the report's order.
SECTORS: dict[str, object] = {
    "eco_activities": _l("Éco-activités, développement durable, valorisation et recyclage des déchets"),
    "agriculture_food": _l("Agriculture et alimentation"),
    "employment": _l("Emploi et sécurisation des parcours socio-professionnels"),
    "solidarity": _l("Lutte contre les inégalités, solidarité, démocratie"),
    "business_services": _l("Services aux entreprises"),
    "energy": _l("Énergie, transition énergétique"),
    "building": _l("Bâtiment"),
    "mobility": _l("Mobilité"),
    "health_care": _l("Santé, soin, service à la personne"),
    "culture": _l("Culture et industries créatives"),
    "finance": _l("Finance"),
    "tourism": _l("Tourisme"),
    "commerce": _l("Commerce"),
    "ict": _l("Technologies de l'information et de la communication"),
    "training_research": _l("Formation et recherche"),
    "cross_cutting": _l("Transversal"),
    "social_innovation": _l("Innovation sociale"),
    "business_support": _l("Activités de soutien aux entreprises"),
    "relocation": _l("Relocalisation"),
    "digital": _l("Numérique"),
}

# The 8 activity types of the 2020 survey.
ACTIVITY_TYPES: dict[str, object] = {
    "project_support": _l("Accompagnement de projets, incubateur, fabrique à initiatives"),
    "services": _l("Offre de services"),
    "awareness": _l("Actions de sensibilisation"),
    "training": _l("Formation, échange de savoirs"),
    "third_place": _l("Gestion de tiers-lieu"),
    "knowledge": _l("Production de savoirs, veille"),
    "goods": _l("Production de biens"),
    "co_construction": _l("Laboratoire de co-construction territoriale"),
}


class Stage(LabelledEnum):
    """Where a PTCE stands in its life."""

    EMERGING = "emerging", _l("Émergent")
    DEVELOPING = "developing", _l("En développement")
    CONSOLIDATED = "consolidated", _l("Consolidé")
    INACTIVE = "inactive", _l("Inactif")

# Metropolitan departments 01–95 (with 2A/2B instead of 20) and overseas 971–976.
DEPARTMENTS: frozenset[str] = frozenset(
    [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]
)

# Departments of each region (INSEE region code → department codes), for checking that a
# PTCE's department lies in its region; the benchmark generator draws from it too.
REGION_DEPARTMENTS: dict[str, tuple[str, ...]] = {code: tuple(deps.split()) for code, deps in {
    "84": "01 03 07 15 26 38 42 43 63 69 73 74", "27": "21 25 39 58 70 71 89 90",
    "53": "22 29 35 56", "24": "18 28 36 37 41 45", "94": "2A 2B",
    "44": "08 10 51 52 54 55 57 67 68 88", "32": "02 59 60 62 80", "11": "75 77 78 91 92 93 94 95",
    "28": "14 27 50 61 76", "75": "16 17 19 23 24 33 40 47 64 79 86 87",
    "76": "09 11 12 30 31 32 34 46 48 65 66 81 82", "52": "44 49 53 72 85",
    "93": "04 05 06 13 83 84", "01": "971", "02": "972", "03": "973", "04": "974", "06": "976",
}.items()}
DEPARTMENT_REGION: dict[str, str] = {d: code for code, deps in REGION_DEPARTMENTS.items() for d in deps}
assert set(DEPARTMENT_REGION) == DEPARTMENTS

# Support topics shared by peer transfer needs/offers, resource sheets and visit themes
# (issue of the 2021 report's proposals 4 and 8). Sector know-how is "sector" + a SECTORS code.
SUPPORT_TOPICS: dict[str, object] = {
    "legal": _l("Structure juridique"),
    "funding": _l("Modèle économique et financement"),
    "governance": _l("Gouvernance"),
    "cooperation": _l("Animation de la coopération"),
    "fundraising": _l("Recherche de financements"),
    "communication": _l("Communication"),
    "hr": _l("Ressources humaines"),
    "third_place": _l("Gestion d'un lieu partagé (tiers-lieu)"),
    "evaluation": _l("Évaluation d'impact"),
    "local_authorities": _l("Relations avec les collectivités"),
    "sector": _l("Savoir-faire sectoriel"),
}
