"""French words the generators draw from: people, places and PTCE names."""
from __future__ import annotations

from cellule.blueprints.directory.reference import REGION_DEPARTMENTS

FIRST_NAMES = (
    "Camille Léa Manon Chloé Inès Sarah Jade Louise Emma Lina Zoé Alice Anaïs Julie Claire Nadia "
    "Fatou Awa Sophie Nathalie Isabelle Sandrine Valérie Hélène Marie-Annick Aurélie Émilie Yasmine "
    "Lucas Hugo Louis Gabriel Arthur Jules Nathan Mathis Théo Raphaël Karim Mehdi Yann Loïc Erwan "
    "Jean-Luc Pierre Thomas Nicolas Julien Olivier François Didier Patrick Bruno Samuel Moussa"
).split()
LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre "
    "Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont "
    "Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry "
    "Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin "
    "Le Goff Le Gall Kerjean Hoarau Payet Grondin Técher Diallo Benali Nguyen Ramassamy Jean-Baptiste"
).split()

# Departments of each region (INSEE codes), keyed by region code.
DEPARTMENTS = {code: " ".join(deps) for code, deps in REGION_DEPARTMENTS.items()}
# Rough weight of each region in the PTCE census (more PTCE where more people live).
WEIGHTS = {"84": 12, "27": 5, "53": 8, "24": 4, "94": 1, "44": 7, "32": 10, "11": 12, "28": 5,
           "75": 10, "76": 10, "52": 7, "93": 7, "01": 1, "02": 1, "03": 1, "04": 2, "06": 1}
# A few towns per region, for territories, places and event locations.
TOWNS = {
    "84": "Romans-sur-Isère|Saint-Étienne|Trévoux|Clermont-Ferrand|Annecy|Valence|Aurillac",
    "27": "Lons-le-Saunier|Besançon|Dijon|Nevers|Auxerre|Montbéliard",
    "53": "Redon|Rennes|Brest|Lorient|Saint-Brieuc|Quimper",
    "24": "Tours|Bourges|Orléans|Blois|Châteauroux|Chartres",
    "94": "Ajaccio|Bastia|Corte|Porto-Vecchio",
    "44": "Metz|Nancy|Reims|Mulhouse|Troyes|Épinal|Strasbourg",
    "32": "Beauvais|Lille|Audruicq|Amiens|Roubaix|Saint-Quentin|Arras",
    "11": "Les Mureaux|Montreuil|Saint-Denis|Évry|Cergy|Melun|Paris",
    "28": "Bouquetot|Caen|Rouen|Cherbourg|Alençon|Le Havre",
    "75": "Bordeaux|Poitiers|Limoges|Pau|Niort|Périgueux|La Rochelle",
    "76": "Figeac|Toulouse|Montpellier|Albi|Nîmes|Perpignan|Rodez",
    "52": "Nantes|Angers|Le Mans|Laval|La Roche-sur-Yon|Saint-Nazaire",
    "93": "Marseille|Nice|Avignon|Gap|Toulon|Digne-les-Bains",
    "01": "Pointe-à-Pitre|Basse-Terre|Le Moule",
    "02": "Fort-de-France|Le Lamentin|Sainte-Marie",
    "03": "Cayenne|Saint-Laurent-du-Maroni|Kourou",
    "04": "Saint-Pierre|Saint-Benoît|Saint-Denis|Le Port|Saint-Paul",
    "06": "Mamoudzou|Dzaoudzi|Sada",
}
PTCE_PATTERNS = (
    "Pôle {theme} de {town}", "{theme_cap} en {area}", "Coopérative {theme} {area}",
    "Fabrique {theme} de {town}", "{town} Solidaire", "Les Ateliers {theme} de {town}",
    "Tiers-lieu {theme} {area}", "Pôle territorial {theme} du {area}",
)
THEMES = ("alimentaire", "de l'économie circulaire", "des mobilités", "numérique", "de l'emploi",
          "du réemploi", "culturel", "énergétique", "agricole", "du bâtiment durable", "du soin",
          "touristique", "des savoir-faire", "de la transition")
AREAS = ("Bassin", "Pays", "Val", "Plateau", "Littoral", "Bocage", "Piémont", "Vallon")
TERRITORY_PATTERNS = (
    "Communauté de communes autour de {town}", "Agglomération de {town} et ses quartiers prioritaires",
    "Pays de {town}, zone rurale", "Quartiers politique de la ville de {town}",
    "Bassin d'emploi de {town}",
)
EVENT_TITLES = {
    "regional_meeting": ("Réunion de la cellule régionale", "Comité de pilotage régional",
                         "Rencontre des PTCE de la région"),
    "webinar": ("Webinaire : financer la coopération", "Webinaire : gouvernance partagée",
                "Webinaire : mesurer son impact"),
    "training": ("Formation : animer un pôle", "Formation : montage juridique d'une SCIC",
                 "Journée d'échanges de pratiques"),
    "national_day": ("Journée nationale des PTCE", "Rencontres nationales de la coopération"),
    "other": ("Portes ouvertes", "Forum de l'ESS", "Petit-déjeuner des partenaires"),
}
