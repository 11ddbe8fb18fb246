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
