"""The text of the demo sheets (French, as the cells would write them)."""
from __future__ import annotations

# title, region slug (None: national council), author PTCE slug, author email, category, scope,
# status, review in days (negative: overdue), tags, topics, sectors, summary, body
SHEETS = [
    dict(
        title="Choisir sa forme juridique : SCIC ou association ?",
        region="hauts-de-france", ptce=None, author="coordination.hauts-de-france@example.org",
        category="legal", national=True, status="published", review_days=300,
        tags=["SCIC", "association", "statuts"], topics=["legal", "governance"], sectors=[],
        summary="Comparer la société coopérative d'intérêt collectif et l'association pour porter un PTCE : "
                "gouvernance, fiscalité, capacité à recevoir des fonds publics et privés.",
        body="""# Deux formes, deux logiques

La plupart des PTCE sont portés par une **association loi 1901** ; une part croissante choisit la
**SCIC** (société coopérative d'intérêt collectif) pour associer collectivités, entreprises et salariés.

## L'association
- création rapide, gouvernance libre définie par les statuts ;
- accès facilité aux subventions et au mécénat ;
- fiscalité non lucrative si la gestion est désintéressée.

## La SCIC
- au moins trois catégories d'associés, dont salariés et bénéficiaires ;
- les collectivités peuvent détenir jusqu'à 50 % du capital ;
- réserves impartageables : au moins 57,5 % des excédents.

## Questions à se poser
1. Qui doit décider, et avec quel poids ?
2. Le pôle vendra-t-il des services ?
3. Les collectivités veulent-elles entrer au capital ?

Voir aussi la fiche *Rédiger une charte de gouvernance*.""",
    ),
    dict(
        title="Construire le modèle économique d'un PTCE",
        region="auvergne-rhone-alpes", ptce="pole-sud-archer", author="referente.archer@example.org",
        category="funding", national=True, status="published", review_days=200,
        tags=["modèle économique", "hybridation"], topics=["funding"], sectors=[],
        summary="Hybrider les ressources : ventes de services, cotisations, subventions de fonctionnement "
                "et financements de projets, pour ne pas dépendre d'un seul financeur.",
        body="""# Hybrider les ressources

Les pôles qui durent combinent en général trois familles de ressources :

| Ressource | Part indicative | Points de vigilance |
| --- | --- | --- |
| Ventes de services aux membres | 20 à 40 % | tarification, TVA |
| Cotisations et apports | 5 à 15 % | engagement des membres |
| Subventions publiques | 40 à 60 % | durée des conventions |

## Étapes
- recenser les services que les membres paieraient ;
- chiffrer le coût complet de l'animation (au moins un ETP) ;
- négocier des **conventions pluriannuelles** plutôt que des appels à projets annuels.""",
    ),
    dict(
        title="Sources de financement : AMI PTCE, fonds européens et fondations",
        region=None, ptce=None, author="admin@example.org",
        category="funding", national=True, status="published", review_days=-20,
        tags=["ami ptce", "feder", "fondations", "financement"], topics=["fundraising", "funding"], sectors=[],
        summary="Panorama des financements mobilisables par les pôles : appel à manifestation d'intérêt PTCE, "
                "FEDER et FSE+, fonds régionaux, fondations d'entreprises.",
        body="""# Panorama des financements

## L'AMI PTCE
L'appel à manifestation d'intérêt national soutient l'émergence et le développement des pôles.
Préparez : la feuille de route de coopération, la liste des membres, un budget sur trois ans.

## Fonds européens
- **FEDER** : investissements et innovation, via la région ;
- **FSE+** : emploi, insertion, compétences ;
- **LEADER** : territoires ruraux, via les GAL.

## Fondations
Les fondations d'entreprises financent souvent l'amorçage d'une action précise. Ciblez celles du
territoire et présentez l'utilité sociale mesurée.

> Cette fiche doit être mise à jour à chaque nouvel appel.""",
    ),
    dict(
        title="Rédiger une charte de gouvernance partagée",
        region="bretagne", ptce="eoliennes-en-pays-de-vilaine", author="referent.vilaine@example.org",
        category="governance", national=False, status="published", review_days=365,
        tags=["charte", "gouvernance partagée"], topics=["governance"], sectors=["energy"],
        summary="Une charte courte qui dit qui décide quoi, comment on entre et sort du pôle, "
                "et comment les désaccords se règlent.",
        body="""# Pourquoi une charte

Les statuts fixent le cadre légal ; la charte dit **comment on coopère au quotidien**.

## Contenu type
- les valeurs partagées et la raison d'être du pôle ;
- les collèges (entreprises, associations, collectivités, citoyens) et leurs voix ;
- les règles de prise de décision (consentement, majorité qualifiée) ;
- l'accueil des nouveaux membres ;
- la médiation en cas de conflit.

## Méthode
Rédigez-la en atelier, en deux ou trois séances, et relisez-la chaque année en assemblée.""",
    ),
    dict(
        title="Animer la coopération entre membres",
        region="hauts-de-france", ptce="emergence-beauvaisis", author="referente.beauvaisis@example.org",
        category="animation", national=False, status="published", review_days=180,
        tags=["animation", "ateliers", "coopération"], topics=["cooperation"], sectors=[],
        summary="Rituels, outils et posture de l'animateur ou de l'animatrice de PTCE pour faire vivre "
                "la coopération entre des structures aux intérêts différents.",
        body="""# Le rôle de l'animation

L'animateur ou l'animatrice de pôle **facilite** : il ou elle ne décide pas à la place des membres.

## Rituels qui marchent
- un petit-déjeuner mensuel des membres, ouvert aux partenaires ;
- une revue de projets trimestrielle ;
- un séminaire annuel pour revoir la feuille de route.

## Outils
- un annuaire des compétences des membres ;
- un tableau partagé des projets en cours ;
- des comptes rendus courts, envoyés sous 48 heures.""",
    ),
    dict(
        title="Kit de communication d'un pôle",
        region="la-reunion", ptce="kaz-ensemble", author="referente.kaz@example.org",
        category="communication", national=False, status="published", review_days=240,
        tags=["communication", "réseaux sociaux", "plaquette"], topics=["communication"], sectors=[],
        summary="Les éléments de base pour présenter le pôle : message clé, plaquette, page web, "
                "publications et relations presse locales.",
        body="""# Les essentiels

1. **Un message en une phrase** : ce que le pôle change pour le territoire.
2. **Une plaquette** recto verso avec les membres et trois réalisations.
3. **Une page web** à jour, avec un contact.
4. **Un rythme de publication** réaliste : deux publications par mois.

## Relations presse
Invitez la presse locale aux inaugurations et aux visites apprenantes ; préparez un communiqué
d'une page avec une photo libre de droits.""",
    ),
    dict(
        title="Évaluer l'impact social et territorial",
        region="occitanie", ptce="figeacteurs", author="coordination.occitanie@example.org",
        category="evaluation", national=False, status="published", review_days=300,
        tags=["impact", "indicateurs", "évaluation"], topics=["evaluation"], sectors=[],
        summary="Choisir quelques indicateurs utiles, les suivre dans la durée et raconter l'impact "
                "du pôle à ses financeurs et à ses membres.",
        body="""# Évaluer sans s'épuiser

## Trois niveaux
- **activité** : nombre de projets accompagnés, d'événements ;
- **résultats** : emplois créés ou consolidés, chiffre d'affaires des membres ;
- **effets** : coopérations nouvelles, confiance, capacité d'agir du territoire.

## Conseils
- limitez-vous à dix indicateurs ;
- recueillez des récits en plus des chiffres ;
- partagez les résultats en assemblée.""",
    ),
    dict(
        title="Travailler avec les collectivités locales",
        region="hauts-de-france", ptce="initiatives-et-cite", author="referent.initiatives@example.org",
        category="local_authorities", national=False, status="published", review_days=-45,
        tags=["collectivités", "élus", "conventions"], topics=["local_authorities"], sectors=[],
        summary="Associer élus et services des communes, intercommunalités et départements : "
                "conventions, place dans la gouvernance, calendrier budgétaire.",
        body="""# Une relation de partenaires

Les collectivités sont à la fois **financeurs**, **membres** et **clientes** des pôles.

## Bonnes pratiques
- rencontrer l'élu·e et le service développement économique ensemble ;
- caler les demandes sur le calendrier budgétaire (vote en décembre ou mars) ;
- proposer une convention d'objectifs sur trois ans ;
- inviter les élus aux visites apprenantes.""",
    ),
    dict(
        title="Gérer un tiers-lieu partagé",
        region="auvergne-rhone-alpes", ptce="domb-innov", author="coordination.auvergne-rhone-alpes@example.org",
        category="setup", national=False, status="published", review_days=150,
        tags=["tiers-lieu", "locaux", "mutualisation"], topics=["third_place", "cooperation"], sectors=[],
        summary="Statut d'occupation, modèle économique, règles de vie et animation d'un lieu "
                "partagé par les membres d'un pôle.",
        body="""# Avant d'ouvrir

- qui porte le bail, et avec quelle assurance ?
- quel loyer pour les résidents, quel prix pour les salles ?
- quelle place pour les habitants ?

## Règles de vie
Un règlement intérieur d'une page, affiché, et un temps collectif mensuel des résidents.

## Modèle économique
Loyers des résidents, location de salles, prestations de services et subventions d'animation.""",
    ),
    dict(
        title="Guide sectoriel : alimentation durable et circuits courts",
        region="hauts-de-france", ptce="ecopole-alimentaire-audruicq", author="membre.audruicq@example.org",
        category="sector_guide", national=True, status="published", review_days=400,
        tags=["alimentation", "circuits courts", "légumerie"], topics=["sector"], sectors=["agriculture_food"],
        summary="Structurer une filière alimentaire locale : légumerie, restauration collective, "
                "projet alimentaire territorial.",
        body="""# Les briques d'une filière locale

- une **légumerie** pour préparer les produits bruts pour la restauration collective ;
- une **plateforme logistique** mutualisée ;
- un lien fort avec le **projet alimentaire territorial** (PAT).

## Partenaires clés
Producteurs, chambres d'agriculture, cantines scolaires, structures d'insertion.""",
    ),
    dict(
        title="Guide sectoriel : projets citoyens d'énergie renouvelable",
        region="bretagne", ptce="eoliennes-en-pays-de-vilaine", author="referent.vilaine@example.org",
        category="sector_guide", national=False, status="published", review_days=330,
        tags=["énergie", "éolien", "financement citoyen"], topics=["sector", "funding"], sectors=["energy"],
        summary="Monter un parc éolien ou solaire avec les habitants : société de projet, "
                "financement citoyen, dialogue avec les communes.",
        body="""# Les étapes d'un projet citoyen

1. mobiliser un groupe d'habitants et d'élus ;
2. créer une société de projet (SAS ou SCIC) ;
3. ouvrir le capital aux citoyens ;
4. sécuriser le raccordement et les autorisations.

Les retombées restent sur le territoire : loyers, fiscalité, dividendes locaux.""",
    ),
    dict(
        title="Accueillir un nouveau membre dans le pôle",
        region="hauts-de-france", ptce="emergence-beauvaisis", author="membre.beauvaisis@example.org",
        category="setup", national=False, status="draft", review_days=365,
        tags=["adhésion", "accueil"], topics=["cooperation", "governance"], sectors=[],
        summary="Un parcours d'accueil en trois temps pour qu'une nouvelle structure trouve sa place.",
        body="""# Parcours d'accueil (brouillon)

- rencontre avec l'animation du pôle ;
- présentation en réunion des membres ;
- binôme avec un membre plus ancien pendant six mois.""",
    ),
]
