"""Demo PTCE, named in the seed documents, plus two fictional ones in La Réunion."""
from __future__ import annotations

import sqlalchemy as sa
from stdnum import luhn

from ...extensions import db
from .models import Ptce, Region
from .reference import Stage

# slug, name, region code, department, stage, sectors, activity types, created, charter year,
# territory, communes, (lat, lon), description
DEMO_PTCE = [
    ("emergence-beauvaisis", "Emergence Beauvaisis", "32", "60", Stage.DEVELOPING,
     ["employment", "solidarity", "social_innovation"], ["project_support", "training"], 2019, 2021,
     "Agglomération du Beauvaisis et ses quartiers prioritaires", ["60057"], (49.4300, 2.0810),
     "Pôle à fort impact pour les quartiers de l'agglomération de Beauvais : emploi, "
     "création d'activités et coopération entre structures de l'ESS."),
    ("initiatives-et-cite", "Initiatives et Cité", "32", "59", Stage.CONSOLIDATED,
     ["eco_activities", "business_services"], ["services", "project_support"], 2010, 2021,
     "Métropole lilloise et Nord-Pas-de-Calais", ["59350"], (50.6292, 3.0573),
     "Seize entreprises solidaires structurent une filière de développement local durable et "
     "proposent une gamme complète de services aux entreprises et aux collectivités."),
    ("ecopole-alimentaire-audruicq", "Écopôle alimentaire de la région d'Audruicq", "32", "62",
     Stage.CONSOLIDATED, ["agriculture_food", "employment"], ["goods", "training"], 2007, None,
     "Communauté de communes de la région d'Audruicq", ["62057"], (50.8790, 2.0800),
     "Maraîchage biologique d'insertion, circuits courts et éducation à l'alimentation."),
    ("eoliennes-en-pays-de-vilaine", "Eoliennes en Pays de Vilaine", "53", "56", Stage.CONSOLIDATED,
     ["energy", "eco_activities"], ["goods", "awareness"], 2003, 2021,
     "Pays de Redon et de Vilaine", ["56012"], (47.5980, -2.2410),
     "Premier parc éolien citoyen, à Béganne, financé par l'épargne de plus de 700 habitants."),
    ("pole-sud-archer", "Pôle Sud Archer", "84", "26", Stage.CONSOLIDATED,
     ["employment", "relocation", "commerce"], ["goods", "project_support"], 2007, 2021,
     "Romans-sur-Isère et son bassin", ["26281"], (45.0436, 5.0513),
     "Relance d'un atelier de chaussures éthiques à Romans, avec les matières et savoir-faire "
     "d'une filière industrielle historique du territoire."),
    ("culture-et-cooperation", "Culture et Coopération", "84", "42", Stage.CONSOLIDATED,
     ["culture"], ["services", "third_place"], 2005, None,
     "Saint-Étienne", ["42218"], (45.4397, 4.3872),
     "Une vingtaine de structures des arts et de la culture coopèrent pour animer la vie culturelle "
     "stéphanoise, dont la reprise d'un cinéma en SCIC."),
    ("domb-innov", "Domb'Innov", "84", "01", Stage.DEVELOPING,
     ["employment", "business_support"], ["project_support", "third_place"], 2014, 2021,
     "Dombes et Val de Saône", ["01427"], (45.9420, 4.7710),
     "Pôle de coopération de la Dombes, porté depuis Trévoux."),
    ("clus-ter-jura", "Clus'Ter Jura", "27", "39", Stage.CONSOLIDATED,
     ["eco_activities", "employment"], ["project_support", "services"], 2013, 2021,
     "Jura", ["39300"], (46.6740, 5.5550),
     "Fabrique à initiatives et coopérations économiques du Jura."),
    ("figeacteurs", "Figeacteurs", "76", "46", Stage.CONSOLIDATED,
     ["solidarity", "employment"], ["project_support", "third_place"], 2013, 2021,
     "Pays de Figeac", ["46102"], (44.6086, 2.0317),
     "Né d'un projet de crèche interentreprises, le pôle fait émerger des activités répondant aux "
     "besoins du territoire."),
    ("vivre-les-mureaux", "Vivre les Mureaux", "11", "78", Stage.DEVELOPING,
     ["solidarity", "employment"], ["awareness", "project_support"], 2014, None,
     "Les Mureaux", ["78440"], (48.9917, 1.9097),
     "Coopération d'acteurs de l'ESS au service des habitants des Mureaux."),
    ("eco-domaine-de-bouquetot", "Éco-Domaine de Bouquetot", "28", "27", Stage.DEVELOPING,
     ["agriculture_food", "energy", "building", "tourism", "health_care"], ["goods", "awareness"],
     2009, None, "Roumois, zone rurale", ["27562"], (49.3500, 0.8800),
     "Un écosystème rural : agriculture biologique, énergies renouvelables, éco-construction, "
     "santé naturelle et tourisme vert."),
    ("kaz-ensemble", "Pôle Kaz'Ensemble (démo)", "04", "974", Stage.EMERGING,
     ["agriculture_food", "solidarity"], ["project_support"], 2023, None,
     "Saint-Pierre et le Sud sauvage", ["97416"], (-21.3393, 55.4781),
     "PTCE fictif de démonstration : alimentation locale et solidarités dans le sud de l'île."),
    ("lakour-cooperative-est", "Lakour coopérative de l'Est (démo)", "04", "974", Stage.DEVELOPING,
     ["eco_activities", "tourism"], ["third_place", "awareness"], 2021, 2023,
     "Saint-Benoît et la côte Est", ["97410"], (-21.0339, 55.7128),
     "PTCE fictif de démonstration : tiers-lieu, réemploi et tourisme solidaire."),
]


def demo_siret(n: int) -> str:
    """A valid, obviously fake SIRET for demo record ``n``: the SIREN and the SIRET both carry their
    Luhn key, so the record passes the form's check when a coordinator edits it."""
    siren = f"9{n:07d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}0001"  # 13 digits
    return body + luhn.calc_check_digit(body)


def load() -> None:
    """Create the demo PTCE that are missing; existing ones are left as they are."""
    regions = {r.code: r for r in db.session.scalars(sa.select(Region))}
    existing = set(db.session.scalars(sa.select(Ptce.slug)))
    for n, (slug, name, code, dep, stage, sectors, activities, created, charter, territory,
            communes, (lat, lon), description) in enumerate(DEMO_PTCE, start=1):
        if slug in existing:
            continue
        ptce = Ptce(slug=slug, name=name, region=regions[code], department_code=dep, stage=stage,
                    creation_year=created, charter_signatory=charter is not None, charter_year=charter,
                    territory=territory, communes=communes, latitude=lat, longitude=lon,
                    description=description, siret=demo_siret(n),
                    contact_name="Contact démo", contact_email=f"contact@{slug}.example.org")
        ptce.sectors = sectors
        ptce.activity_types = activities
        db.session.add(ptce)
