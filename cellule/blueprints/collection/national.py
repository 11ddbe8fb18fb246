"""The default national questionnaire: the indicators of the Labo de l'ESS 2020 PTCE survey.

Answer codes of sectors, activity types and support needs are the shared
reference codes of ``directory.reference``, so survey answers line up with the
directory and with peer-transfer topics. Labels are stored in French: they are
data, like the answers.
"""
from __future__ import annotations

from flask_babel import force_locale

from ..directory.reference import ACTIVITY_TYPES, SECTORS, SUPPORT_TOPICS

CODE = "national"
TITLE = "Questionnaire national des PTCE"

MEMBER_TYPES = [
    ("association", "Associations"), ("citizen", "Personnes physiques, citoyen·ne·s"),
    ("company", "SA, SAS, SARL"), ("esus", "Entreprises solidaires d'utilité sociale (ESUS)"),
    ("local_authority", "Collectivités territoriales"), ("scop_scic", "SCOP, SCIC"),
    ("cae", "Coopératives d'activité et d'emploi"),
    ("higher_education", "Établissements publics scientifiques, culturels et professionnels"),
    ("esat", "Établissements et services d'aide par le travail"),
    ("entrepreneur_coop", "Coopératives d'entrepreneurs"), ("foundation", "Fondations"),
    ("agricultural_coop", "Coopératives agricoles"), ("user_coop", "Coopératives d'usagers"),
    ("iae", "Structures d'insertion par l'activité économique"), ("other", "Autre"),
]
SIZES = [("s0_10", "Entre 0 et 10 salarié·e·s"), ("s10_30", "Entre 10 et 30 salarié·e·s"),
         ("s30_50", "Entre 30 et 50 salarié·e·s"), ("s50_100", "Entre 50 et 100 salarié·e·s"),
         ("s100_plus", "Plus de 100 salarié·e·s")]
YES_NO = [("yes", "Oui"), ("no", "Non")]
SHARE_HELP = "Part de cette ressource dans le budget du PTCE, de 0 à 100 %."
OWN_BUDGET = {"var": "own_budget", "equals": "yes"}


def _choices(pairs) -> list[dict]:
    return [{"code": code, "label": str(label)} for code, label in pairs]


def _share(var: str, label: str) -> dict:
    return {"var": var, "label": label, "type": "percentage", "unit": "%", "help": SHARE_HELP,
            "show_if": OWN_BUDGET}


def definition() -> dict:
    """The definition as JSON data (labels of the shared reference lists in French)."""
    with force_locale("fr"):
        sectors, activities, topics = (_choices(d.items()) for d in (SECTORS, ACTIVITY_TYPES, SUPPORT_TOPICS))
    return {"title": TITLE, "sections": [
        {"code": "identity", "title": "Identité et territoire", "questions": [
            {"var": "creation_year", "label": "Année de création du PTCE", "type": "year",
             "required": True, "min": 1980},
            {"var": "action_scale", "label": "Votre échelle d'action", "type": "single_choice",
             "required": True, "choices": _choices([
                 ("infra_communal", "Infra-communale"), ("communal", "Communale, intercommunale"),
                 ("departmental", "Départementale"), ("pays", "Pays"), ("regional", "Régionale"),
                 ("national", "Nationale"), ("multi_scale", "Multi-échelle")])},
            {"var": "creation_needs", "label": "Besoins qui ont présidé à la création du PTCE",
             "type": "multiple_choice", "choices": _choices([
                 ("unmet_needs", "Répondre à des besoins du territoire et de ses habitant·e·s non traités"),
                 ("structure_existing", "Structurer des activités existantes (filières, maillage d'acteurs)"),
                 ("local_business_needs", "Répondre à des besoins spécifiques de structures et entreprises locales"),
                 ("systemic_strategy", "Alimenter ou construire une stratégie systémique de développement du territoire"),
                 ("other", "Autre")])},
            {"var": "sectors", "label": "Secteurs d'activité du PTCE", "type": "multiple_choice",
             "required": True, "choices": sectors},
            {"var": "activity_types", "label": "Types d'activités", "type": "multiple_choice",
             "required": True, "choices": activities},
            {"var": "initiated_by", "label": "La dynamique est née", "type": "single_choice",
             "choices": _choices([
                 ("civil_society", "À l'initiative de la société civile"),
                 ("public_authorities", "À l'initiative d'un ou plusieurs pouvoirs publics locaux"),
                 ("shared", "De la volonté partagée de la société civile et de collectivités")])},
        ]},
        {"code": "members", "title": "Membres et coopération", "questions": [
            {"var": "founding_members", "label": "Nombre de membres fondateurs", "type": "integer",
             "required": True, "max": 10000},
            {"var": "current_members", "label": "Nombre de membres aujourd'hui", "type": "integer",
             "required": True, "max": 10000, "compare": True},
            {"var": "member_types", "label": "Typologie des membres", "type": "multiple_choice",
             "choices": _choices(MEMBER_TYPES)},
            {"var": "member_sizes", "label": "Le PTCE comprend des structures de", "type": "multiple_choice",
             "choices": _choices(SIZES)},
            {"var": "involvement_local_authorities", "type": "scale_0_5",
             "label": "Degré d'implication des pouvoirs publics locaux dans la dynamique",
             "help": "0 : aucune implication ; 5 : implication très forte."},
            {"var": "involvement_inhabitants", "type": "scale_0_5",
             "label": "Degré d'implication des habitant·e·s dans la dynamique",
             "help": "0 : aucune implication ; 5 : implication très forte."},
            {"var": "cooperation_modes", "label": "Principales modalités de la coopération",
             "type": "multiple_choice", "choices": _choices([
                 ("joint_projects", "Co-portage de projets communs"),
                 ("knowledge_sharing", "Mutualisation de savoirs et de connaissances"),
                 ("skills_sharing", "Mutualisation de compétences"), ("shared_places", "Mutualisation de lieux"),
                 ("shared_equipment", "Mutualisation de moyens matériels"),
                 ("shared_finance", "Mutualisation de moyens financiers"), ("scic", "Montage d'une SCIC"),
                 ("rnd", "Recherche et développement")])},
            {"var": "member_structures", "label": "Structures membres", "type": "repeated",
             "help": "Une ligne par structure membre.", "max_rows": 200, "columns": [
                 {"var": "name", "label": "Nom", "type": "short_text", "required": True},
                 {"var": "structure_type", "label": "Type", "type": "single_choice",
                  "choices": _choices(MEMBER_TYPES)},
                 {"var": "size", "label": "Taille", "type": "single_choice", "choices": _choices(SIZES)}]},
        ]},
        {"code": "animation", "title": "Animation et gouvernance", "questions": [
            {"var": "animation_by", "label": "L'animation du PTCE est assurée", "type": "single_choice",
             "required": True, "choices": _choices([
                 ("animation_cell", "Par une cellule d'animation"),
                 ("carrier_structure", "Par une structure porteuse"),
                 ("none", "Aucune structure ne porte l'animation")])},
            {"var": "animation_legal_status", "label": "Statut juridique de la structure d'animation",
             "type": "single_choice", "show_if": {"var": "animation_by", "in": ["animation_cell", "carrier_structure"]},
             "choices": _choices([("association", "Association"), ("scop_scic", "SCOP, SCIC"),
                                  ("coop_sa", "SA coopérative à capital variable"), ("other", "Autre")])},
            {"var": "dedicated_staff", "label": "Des salarié·e·s sont-ils dédiés à l'animation de la coopération ?",
             "type": "single_choice", "required": True, "choices": _choices(YES_NO)},
            {"var": "staff_count", "label": "Nombre de salarié·e·s investi·e·s dans l'animation",
             "type": "integer", "max": 500, "show_if": {"var": "dedicated_staff", "equals": "yes"}},
            {"var": "staff_fte", "label": "Équivalents temps plein dédiés à l'animation", "type": "decimal",
             "unit": "ETP", "min": 0, "max": 500, "compare": True,
             "show_if": {"var": "dedicated_staff", "equals": "yes"}},
            {"var": "volunteers", "label": "Nombre de bénévoles investi·e·s dans l'activité",
             "type": "integer", "max": 10000, "compare": True},
            {"var": "governance_formalisation", "label": "Degré de formalisation de la gouvernance",
             "type": "scale_0_5", "help": "0 : totalement informelle ; 5 : strictement formalisée."},
            {"var": "decision_sharing", "label": "Degré de partage de la prise de décision",
             "type": "scale_0_5", "help": "0 : décision très concentrée ; 5 : gouvernance fortement partagée."},
        ]},
        {"code": "economics", "title": "Modèle économique", "questions": [
            {"var": "own_budget", "label": "Le PTCE dispose-t-il d'un budget propre ?", "type": "single_choice",
             "required": True, "choices": _choices(YES_NO),
             "help": "« Non » si ses dépenses figurent seulement dans les budgets de ses membres."},
            {"var": "budget_amount", "label": "Montant du budget annuel", "type": "amount_eur", "unit": "€",
             "max": 100000000, "compare": True, "show_if": OWN_BUDGET},
            _share("share_public_subsidies", "Part des subventions publiques"),
            _share("share_service_sales", "Part de la vente de services"),
            _share("share_goods_sales", "Part de la vente de biens"),
            _share("share_membership_fees", "Part des cotisations des membres"),
            _share("share_patronage", "Part du mécénat"),
            {"var": "treasury_horizon", "label": "La trésorerie actuelle permet d'assurer",
             "type": "single_choice", "choices": _choices([
                 ("under_1y", "Moins d'une année d'activité"), ("about_1y", "Environ une année d'activité"),
                 ("over_1y", "Plus d'une année d'activité")])},
        ]},
        {"code": "impact", "title": "Emploi et transition écologique",
         "help": "Les deux indicateurs prioritaires du redéploiement des PTCE.", "questions": [
            {"var": "jobs_created", "label": "Emplois créés dans l'année", "type": "integer",
             "required": True, "max": 10000, "compare": True},
            {"var": "jobs_maintained", "label": "Emplois maintenus dans l'année", "type": "integer",
             "required": True, "max": 100000, "compare": True},
            {"var": "ecological_actions", "label": "Actions de transition écologique menées",
             "type": "multiple_choice", "choices": _choices([
                 ("reuse_recycling", "Réemploi, recyclage, valorisation des déchets"),
                 ("renewable_energy", "Énergies renouvelables, sobriété énergétique"),
                 ("short_supply", "Circuits courts, alimentation durable"),
                 ("mobility", "Mobilité durable"), ("building", "Rénovation, éco-construction"),
                 ("awareness", "Sensibilisation, éducation à l'environnement"), ("other", "Autre")])},
            {"var": "ecological_actions_detail", "label": "Décrivez les principales actions",
             "type": "long_text"},
        ]},
        {"code": "needs", "title": "Besoins", "questions": [
            {"var": "funding_needs", "label": "Besoins de financement prioritaires", "type": "multiple_choice",
             "choices": _choices([
                 ("cooperation", "Animation de la coopération"), ("services", "Offre de services"),
                 ("awareness", "Actions de sensibilisation"), ("training", "Formation, échanges de savoirs"),
                 ("admin", "Administratif"), ("communication", "Communication"),
                 ("fundraising", "Recherche de financements"), ("goods", "Production de biens"),
                 ("premises", "Aménagement")])},
            {"var": "support_needs", "label": "Besoins d'accompagnement (savoirs, savoir-faire)",
             "type": "multiple_choice", "choices": topics},
            {"var": "remarks", "label": "Remarques", "type": "long_text"},
        ]},
    ]}
