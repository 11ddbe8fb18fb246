"""The default national questionnaire: the indicators of the Labo de l'ESS 2020 PTCE survey.

Answer codes of sectors, activity types and support needs are the shared
reference codes of ``directory.reference``, so survey answers line up with the
directory and with peer-transfer topics. Labels are stored in French, with their
English next to them (``label_en``, ``help_en``, ``title_en``): they are data, like the
answers, and each reader sees the wording of their language.
"""
from __future__ import annotations


from ...i18n import force_locale
from ..directory.reference import ACTIVITY_TYPES, SECTORS, SUPPORT_TOPICS

CODE = "national"
TITLE = "Questionnaire national des PTCE"
TITLE_EN = "National PTCE questionnaire"

MEMBER_TYPES = [
    ("association", "Associations", "Associations"),
    ("citizen", "Personnes physiques, citoyen·ne·s", "Individuals, citizens"),
    ("company", "SA, SAS, SARL", "Companies (SA, SAS, SARL)"),
    ("esus", "Entreprises solidaires d'utilité sociale (ESUS)", "Solidarity enterprises of social utility (ESUS)"),
    ("local_authority", "Collectivités territoriales", "Local authorities"),
    ("scop_scic", "SCOP, SCIC", "Cooperatives (SCOP, SCIC)"),
    ("cae", "Coopératives d'activité et d'emploi", "Business and employment cooperatives"),
    ("higher_education", "Établissements publics scientifiques, culturels et professionnels",
     "Public scientific, cultural and professional institutions"),
    ("esat", "Établissements et services d'aide par le travail", "Sheltered employment establishments (ESAT)"),
    ("entrepreneur_coop", "Coopératives d'entrepreneurs", "Entrepreneurs' cooperatives"),
    ("foundation", "Fondations", "Foundations"),
    ("agricultural_coop", "Coopératives agricoles", "Agricultural cooperatives"),
    ("user_coop", "Coopératives d'usagers", "User cooperatives"),
    ("iae", "Structures d'insertion par l'activité économique", "Work integration social enterprises"),
    ("other", "Autre", "Other"),
]
SIZES = [("s0_10", "Entre 0 et 10 salarié·e·s", "0 to 10 employees"),
("s10_30", "Entre 10 et 30 salarié·e·s", "10 to 30 employees"),
         ("s30_50", "Entre 30 et 50 salarié·e·s", "30 to 50 employees"),
         ("s50_100", "Entre 50 et 100 salarié·e·s", "50 to 100 employees"),
         ("s100_plus", "Plus de 100 salarié·e·s", "More than 100 employees")]
YES_NO = [("yes", "Oui", "Yes"), ("no", "Non", "No")]
SHARE_HELP = "Part de cette ressource dans le budget du PTCE, de 0 à 100 %."
SHARE_HELP_EN = "Share of this resource in the PTCE's budget, from 0 to 100%."
OWN_BUDGET = {"var": "own_budget", "equals": "yes"}


def _choices(triples) -> list[dict]:
    """Choices from (code, French, English) triples."""
    return [{"code": code, "label": str(fr), "label_en": str(en)} for code, fr, en in triples]


def _reference(labels: dict) -> list[dict]:
    """Choices from a shared reference list (translated labels), worded in both languages."""
    with force_locale("fr"):
        french = {code: str(label) for code, label in labels.items()}
    with force_locale("en"):
        english = {code: str(label) for code, label in labels.items()}
    return _choices((code, french[code], english[code]) for code in labels)


def _share(var: str, label: str, label_en: str) -> dict:
    return {"var": var, "label": label, "label_en": label_en, "type": "percentage", "unit": "%",
            "help": SHARE_HELP, "help_en": SHARE_HELP_EN, "show_if": OWN_BUDGET}


def definition() -> dict:
    """The definition as JSON data, French and English."""
    sectors, activities, topics = (_reference(d) for d in (SECTORS, ACTIVITY_TYPES, SUPPORT_TOPICS))
    return {"title": TITLE, "title_en": TITLE_EN, "sections": [
        {"code": "identity", "title": "Identité et territoire", "title_en": "Identity and territory", "questions": [
            {"var": "creation_year", "label": "Année de création du PTCE",
             "label_en": "Year the PTCE was founded", "type": "year",
             "required": True, "min": 1980},
            {"var": "action_scale", "label": "Votre échelle d'action",
             "label_en": "Your scale of action", "type": "single_choice",
             "required": True, "choices": _choices([
                 ("infra_communal", "Infra-communale", "Below municipality level"),
                 ("communal", "Communale, intercommunale", "Municipal, inter-municipal"),
                 ("departmental", "Départementale", "Departmental"), ("pays", "Pays", "Pays (rural area)"),
                 ("regional", "Régionale", "Regional"),
                 ("national", "Nationale", "National"), ("multi_scale", "Multi-échelle", "Several scales")])},
            {"var": "creation_needs", "label": "Besoins qui ont présidé à la création du PTCE",
             "label_en": "Needs that led to the creation of the PTCE",
             "type": "multiple_choice", "choices": _choices([
                 ("unmet_needs", "Répondre à des besoins du territoire et de ses habitant·e·s non traités",
                  "Meet needs of the territory and its inhabitants that nobody met"),
                 ("structure_existing", "Structurer des activités existantes (filières, maillage d'acteurs)",
                  "Structure existing activities (supply chains, networks of actors)"),
                 ("local_business_needs", "Répondre à des besoins spécifiques de structures et entreprises locales",
                  "Meet specific needs of local organisations and businesses"),
                 ("systemic_strategy", "Alimenter ou construire une stratégie systémique de développement du territoire",
                  "Feed or build a systemic development strategy for the territory"),
                 ("other", "Autre", "Other")])},
            {"var": "sectors", "label": "Secteurs d'activité du PTCE",
             "label_en": "The PTCE's sectors of activity", "type": "multiple_choice",
             "required": True, "choices": sectors},
            {"var": "activity_types", "label": "Types d'activités",
             "label_en": "Types of activity", "type": "multiple_choice",
             "required": True, "choices": activities},
            {"var": "initiated_by", "label": "La dynamique est née",
             "label_en": "The initiative started", "type": "single_choice",
             "choices": _choices([
                 ("civil_society", "À l'initiative de la société civile", "From civil society"),
                 ("public_authorities", "À l'initiative d'un ou plusieurs pouvoirs publics locaux",
                  "From one or more local public authorities"),
                 ("shared", "De la volonté partagée de la société civile et de collectivités",
                  "From the shared will of civil society and local authorities")])},
        ]},
        {"code": "members", "title": "Membres et coopération", "title_en": "Members and cooperation", "questions": [
            {"var": "founding_members", "label": "Nombre de membres fondateurs",
             "label_en": "Number of founding members", "type": "integer",
             "required": True, "max": 10000},
            {"var": "current_members", "label": "Nombre de membres aujourd'hui",
             "label_en": "Number of members today", "type": "integer",
             "required": True, "max": 10000, "compare": True},
            {"var": "member_types", "label": "Typologie des membres",
             "label_en": "Types of members", "type": "multiple_choice",
             "choices": _choices(MEMBER_TYPES)},
            {"var": "member_sizes", "label": "Le PTCE comprend des structures de",
             "label_en": "The PTCE includes organisations with", "type": "multiple_choice",
             "choices": _choices(SIZES)},
            {"var": "involvement_local_authorities", "type": "scale_0_5",
             "label": "Degré d'implication des pouvoirs publics locaux dans la dynamique",
              "label_en": "How involved local public authorities are",
             "help": "0 : aucune implication ; 5 : implication très forte.",
             "help_en": "0: not involved at all; 5: very strongly involved."},
            {"var": "involvement_inhabitants", "type": "scale_0_5",
             "label": "Degré d'implication des habitant·e·s dans la dynamique",
              "label_en": "How involved inhabitants are",
             "help": "0 : aucune implication ; 5 : implication très forte.",
             "help_en": "0: not involved at all; 5: very strongly involved."},
            {"var": "cooperation_modes", "label": "Principales modalités de la coopération",
             "label_en": "Main forms of cooperation",
             "type": "multiple_choice", "choices": _choices([
                 ("joint_projects", "Co-portage de projets communs", "Joint projects"),
                 ("knowledge_sharing", "Mutualisation de savoirs et de connaissances", "Sharing knowledge"),
                 ("skills_sharing", "Mutualisation de compétences", "Sharing skills"),
                 ("shared_places", "Mutualisation de lieux", "Sharing premises"),
                 ("shared_equipment", "Mutualisation de moyens matériels", "Sharing equipment"),
                 ("shared_finance", "Mutualisation de moyens financiers", "Pooling financial resources"),
                 ("scic", "Montage d'une SCIC", "Setting up a SCIC"),
                 ("rnd", "Recherche et développement", "Research and development")])},
            {"var": "member_structures", "label": "Structures membres",
             "label_en": "Member organisations", "type": "repeated",
             "help": "Une ligne par structure membre.",
             "help_en": "One row per member organisation.", "max_rows": 200, "columns": [
                 {"var": "name", "label": "Nom", "label_en": "Name", "type": "short_text", "required": True},
                 {"var": "structure_type", "label": "Type", "label_en": "Type", "type": "single_choice",
                  "choices": _choices(MEMBER_TYPES)},
                 {"var": "size", "label": "Taille",
                  "label_en": "Size", "type": "single_choice", "choices": _choices(SIZES)}]},
        ]},
        {"code": "animation", "title": "Animation et gouvernance",
         "title_en": "Facilitation and governance", "questions": [
            {"var": "animation_by", "label": "L'animation du PTCE est assurée",
             "label_en": "The PTCE is facilitated", "type": "single_choice",
             "required": True, "choices": _choices([
                 ("animation_cell", "Par une cellule d'animation", "By a facilitation team"),
                 ("carrier_structure", "Par une structure porteuse", "By a host organisation"),
                 ("none", "Aucune structure ne porte l'animation", "No organisation facilitates it")])},
            {"var": "animation_legal_status", "label": "Statut juridique de la structure d'animation",
             "label_en": "Legal form of the facilitating organisation",
             "type": "single_choice", "show_if": {"var": "animation_by", "in": ["animation_cell", "carrier_structure"]},
             "choices": _choices([("association", "Association", "Association"),
             ("scop_scic", "SCOP, SCIC", "Cooperatives (SCOP, SCIC)"),
                                  ("coop_sa", "SA coopérative à capital variable",
                                   "Cooperative company with variable capital"),
                                  ("other", "Autre", "Other")])},
            {"var": "dedicated_staff", "label": "Des salarié·e·s sont-ils dédiés à l'animation de la coopération ?",
             "label_en": "Are employees dedicated to facilitating the cooperation?",
             "type": "single_choice", "required": True, "choices": _choices(YES_NO)},
            {"var": "staff_count", "label": "Nombre de salarié·e·s investi·e·s dans l'animation",
             "label_en": "Number of employees involved in facilitation",
             "type": "integer", "max": 500, "show_if": {"var": "dedicated_staff", "equals": "yes"}},
            {"var": "staff_fte", "label": "Équivalents temps plein dédiés à l'animation",
             "label_en": "Full-time equivalents dedicated to facilitation", "type": "decimal",
             "unit": "ETP", "min": 0, "max": 500, "compare": True,
             "show_if": {"var": "dedicated_staff", "equals": "yes"}},
            {"var": "volunteers", "label": "Nombre de bénévoles investi·e·s dans l'activité",
             "label_en": "Number of volunteers involved",
             "type": "integer", "max": 10000, "compare": True},
            {"var": "governance_formalisation", "label": "Degré de formalisation de la gouvernance",
             "label_en": "How formal the governance is",
             "type": "scale_0_5", "help": "0 : totalement informelle ; 5 : strictement formalisée.",
             "help_en": "0: entirely informal; 5: strictly formalised."},
            {"var": "decision_sharing", "label": "Degré de partage de la prise de décision",
             "label_en": "How widely decisions are shared",
             "type": "scale_0_5", "help": "0 : décision très concentrée ; 5 : gouvernance fortement partagée.",
             "help_en": "0: decisions very concentrated; 5: governance widely shared."},
        ]},
        {"code": "economics", "title": "Modèle économique", "title_en": "Business model", "questions": [
            {"var": "own_budget", "label": "Le PTCE dispose-t-il d'un budget propre ?",
             "label_en": "Does the PTCE have its own budget?", "type": "single_choice",
             "required": True, "choices": _choices(YES_NO),
             "help": "« Non » si ses dépenses figurent seulement dans les budgets de ses membres.",
             "help_en": "“No” if its expenses only appear in its members' budgets."},
            {"var": "budget_amount", "label": "Montant du budget annuel",
             "label_en": "Annual budget", "type": "amount_eur", "unit": "€",
             "max": 100000000, "compare": True, "show_if": OWN_BUDGET},
            _share("share_public_subsidies", "Part des subventions publiques", "Share of public grants"),
            _share("share_service_sales", "Part de la vente de services", "Share of sales of services"),
            _share("share_goods_sales", "Part de la vente de biens", "Share of sales of goods"),
            _share("share_membership_fees", "Part des cotisations des membres", "Share of membership fees"),
            _share("share_patronage", "Part du mécénat", "Share of sponsorship"),
            {"var": "treasury_horizon", "label": "La trésorerie actuelle permet d'assurer",
             "label_en": "Current cash covers",
             "type": "single_choice", "choices": _choices([
                 ("under_1y", "Moins d'une année d'activité", "Less than a year of activity"),
                 ("about_1y", "Environ une année d'activité", "About a year of activity"),
                 ("over_1y", "Plus d'une année d'activité", "More than a year of activity")])},
        ]},
        {"code": "impact", "title": "Emploi et transition écologique",
         "title_en": "Employment and ecological transition",
         "help": "Les deux indicateurs prioritaires du redéploiement des PTCE.",
          "help_en": "The two priority indicators of the PTCE relaunch.", "questions": [
            {"var": "jobs_created", "label": "Emplois créés dans l'année",
             "label_en": "Jobs created during the year", "type": "integer",
             "required": True, "max": 10000, "compare": True},
            {"var": "jobs_maintained", "label": "Emplois maintenus dans l'année",
             "label_en": "Jobs maintained during the year", "type": "integer",
             "required": True, "max": 100000, "compare": True},
            {"var": "ecological_actions", "label": "Actions de transition écologique menées",
             "label_en": "Ecological transition actions carried out",
             "type": "multiple_choice", "choices": _choices([
                 ("reuse_recycling", "Réemploi, recyclage, valorisation des déchets",
                  "Reuse, recycling, waste recovery"),
                 ("renewable_energy", "Énergies renouvelables, sobriété énergétique",
                  "Renewable energy, energy saving"),
                 ("short_supply", "Circuits courts, alimentation durable", "Short supply chains, sustainable food"),
                 ("mobility", "Mobilité durable", "Sustainable mobility"),
                 ("building", "Rénovation, éco-construction", "Renovation, eco-construction"),
                 ("awareness", "Sensibilisation, éducation à l'environnement", "Awareness raising, environmental education"),
                 ("other", "Autre", "Other")])},
            {"var": "ecological_actions_detail", "label": "Décrivez les principales actions",
             "label_en": "Describe the main actions",
             "type": "long_text"},
        ]},
        {"code": "needs", "title": "Besoins", "title_en": "Needs", "questions": [
            {"var": "funding_needs", "label": "Besoins de financement prioritaires",
             "label_en": "Priority funding needs", "type": "multiple_choice",
             "choices": _choices([
                 ("cooperation", "Animation de la coopération", "Facilitating the cooperation"),
                 ("services", "Offre de services", "Service offering"),
                 ("awareness", "Actions de sensibilisation", "Awareness-raising actions"),
                 ("training", "Formation, échanges de savoirs", "Training, knowledge exchange"),
                 ("admin", "Administratif", "Administration"), ("communication", "Communication", "Communication"),
                 ("fundraising", "Recherche de financements", "Fundraising"),
                 ("goods", "Production de biens", "Production of goods"),
                 ("premises", "Aménagement", "Fitting out premises")])},
            {"var": "support_needs", "label": "Besoins d'accompagnement (savoirs, savoir-faire)",
             "label_en": "Support needs (knowledge, know-how)",
             "type": "multiple_choice", "choices": topics},
            {"var": "remarks", "label": "Remarques", "label_en": "Remarks", "type": "long_text"},
        ]},
    ]}


def english_wordings() -> dict[str, str]:
    """French → English of every wording of today's questionnaire (for versions stored without English)."""
    found: dict[str, str] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            for key in ("label", "help", "title"):
                if node.get(key) and node.get(f"{key}_en"):
                    found.setdefault(node[key], node[f"{key}_en"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(definition())
    return found
