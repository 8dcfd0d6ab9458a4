"""Our own French word pools, the sentence, headline and body generators, and the picture generator the seeder draws from."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageOps

HEADLINE_MAX_LENGTH = 100  # characters: under the pre-publish gate's limit
PHOTO_SIZE = (640, 360)  # pixels: small, the benchmark never serves the files
PHOTO_QUALITY = 70  # JPEG quality

# --- Word pools (our own text) ------------------------------------------------

TOP_SECTIONS = [
    ("International", "international"), ("Politique", "politique"),
    ("Économie", "economie"), ("Société", "societe"), ("Culture", "culture"),
    ("Sport", "sport"), ("Sciences", "sciences"), ("Planète", "planete"),
    ("Idées", "idees"), ("Régions", "regions"),
]  # fmt: skip
SUB_SECTIONS = {
    "international": [("Europe", "europe"), ("Afrique", "afrique")],
    "economie": [("Entreprises", "entreprises")],
    "societe": [("Éducation", "education")],
    "culture": [("Cinéma", "cinema")],
    "sport": [("Football", "football")],
}
SECTION_DESCRIPTIONS = [
    "L’essentiel de l’actualité, analysé par la rédaction.",
    "Enquêtes, reportages et décryptages au fil des jours.",
    "Les faits, le contexte et les voix de celles et ceux qui les vivent.",
]

FIRST_NAMES = [
    "Claire", "Julien", "Amina", "Thomas", "Léa", "Marc", "Inès", "Hugo", "Sophie",
    "Karim", "Élodie", "Antoine", "Nadia", "Pierre", "Camille", "Yann", "Lucie",
    "Mehdi", "Anne", "Olivier", "Chloé", "Bruno", "Salomé", "Denis", "Maëlle",
    "Rémi", "Fatou", "Louis", "Hélène", "Simon",
]  # fmt: skip
LAST_NAMES = [
    "Morel", "Garnier", "Benali", "Lefèvre", "Rousseau", "Fontaine", "Chevalier",
    "Perrin", "Mercier", "Blanchard", "Guérin", "Boyer", "Lemaire", "Roche",
    "Vasseur", "Colin", "Marchand", "Duval", "Haddad", "Picard", "Renaud", "Aubert",
    "Caron", "Tessier", "Barbier", "Lacroix", "Noël", "Diallo", "Royer", "Besson",
]  # fmt: skip
PLACES = [
    "Paris", "Lyon", "Marseille", "Bordeaux", "Lille", "Nantes", "Strasbourg",
    "Toulouse", "Rennes", "Grenoble", "Montpellier", "Nice", "Brest", "Dijon",
    "Bruxelles", "Genève", "Berlin", "Madrid", "Rome", "Lisbonne", "Varsovie",
    "Athènes", "Dakar", "Abidjan", "Tunis", "Alger", "Rabat", "Montréal", "Québec",
    "New York", "Washington", "Mexico", "Buenos Aires", "Tokyo", "Séoul", "Pékin",
    "New Delhi", "Nairobi", "Le Caire", "Beyrouth", "Istanbul", "Kiev", "Vienne",
    "Prague", "Stockholm", "Oslo", "Dublin", "Édimbourg", "Bamako", "Niamey",
]  # fmt: skip
THEMES = [
    "retraites", "budget", "inflation", "logement", "énergie", "climat", "santé",
    "hôpital", "école", "université", "emploi", "chômage", "agriculture",
    "transports", "ferroviaire", "aérien", "numérique", "intelligence artificielle",
    "cybersécurité", "justice", "police", "immigration", "diplomatie", "défense",
    "élections", "parlement", "collectivités", "fiscalité", "industrie",
    "automobile", "pêche", "forêts", "biodiversité", "eau", "sécheresse",
    "inondations", "littoral", "montagne", "tourisme", "cinéma", "musique",
    "littérature", "théâtre", "patrimoine", "musées", "football", "rugby",
    "cyclisme", "tennis", "athlétisme", "jeux olympiques", "natation", "voile",
    "recherche", "espace", "médecine", "vaccins", "alimentation", "consommation",
    "banques", "bourse", "commerce", "start-up", "syndicats", "grève", "laïcité",
    "jeunesse", "handicap", "vieillissement", "égalité", "médias", "presse",
    "réseaux sociaux", "sondages", "sécurité routière", "urbanisme", "ruralité",
    "outre-mer", "migrations", "droits humains", "corruption", "terrorisme",
    "nucléaire", "éolien", "solaire", "hydrogène", "mobilité", "vélo",
]  # fmt: skip
ORGANISATIONS = [
    "Union européenne", "ONU", "OTAN", "OMS", "FMI", "Banque mondiale", "BCE",
    "Assemblée nationale", "Sénat", "Conseil d’État", "Cour des comptes",
    "Conseil constitutionnel", "SNCF", "Météo-France", "CNRS", "Inserm", "UNESCO",
    "Croix-Rouge", "G20", "G7", "Union africaine", "Commission européenne",
    "Parlement européen", "Cour de cassation", "Ligue 1", "Tour de France",
    "Festival de Cannes", "Roland-Garros", "Pôle emploi", "Insee",
]  # fmt: skip
SUBJECTS = [
    "Le gouvernement", "La Première ministre", "Le ministre de l’Économie",
    "La maire de la ville", "Les syndicats", "Le patronat", "Une délégation européenne",
    "Les habitants du quartier", "Le conseil régional", "Les agriculteurs",
    "La direction de l’entreprise", "Un collectif d’associations", "Les enseignants",
    "Le préfet", "L’opposition", "La majorité présidentielle", "Les chercheurs",
    "Les médecins hospitaliers", "La fédération", "Le tribunal administratif",
    "Les élus locaux", "La commission d’enquête", "Les étudiants", "Le sélectionneur",
    "La présidente de la région", "Les commerçants", "Le parquet", "Les riverains",
    "Une partie de la majorité", "Les pompiers", "L’agence de sécurité sanitaire",
    "Les transporteurs", "Le ministère de la Santé", "Les diplomates", "La banque centrale",
]  # fmt: skip
# (singular, plural) forms, agreeing with the subject.
VERBS = [
    ("a annoncé", "ont annoncé"), ("envisage", "envisagent"), ("a présenté", "ont présenté"),
    ("conteste", "contestent"), ("prépare", "préparent"), ("a reporté", "ont reporté"),
    ("défend", "défendent"), ("réclame", "réclament"), ("examine", "examinent"),
    ("a validé", "ont validé"), ("rejette", "rejettent"), ("a dévoilé", "ont dévoilé"),
    ("soutient", "soutiennent"), ("remet en cause", "remettent en cause"),
    ("a lancé", "ont lancé"), ("négocie", "négocient"), ("a suspendu", "ont suspendu"),
    ("promet", "promettent"), ("critique", "critiquent"), ("accélère", "accélèrent"),
    ("a confirmé", "ont confirmé"), ("s’inquiète de", "s’inquiètent de"),
    ("s’oppose à", "s’opposent à"), ("a obtenu", "ont obtenu"),
    ("veut relancer", "veulent relancer"), ("a renoncé à", "ont renoncé à"),
    ("doit trancher sur", "doivent trancher sur"), ("se prononce sur", "se prononcent sur"),
]  # fmt: skip
OBJECTS = [
    "un plan d’investissement", "la réforme des retraites", "un nouveau calendrier",
    "la hausse des tarifs", "un projet de loi", "la fermeture du site",
    "le budget de l’an prochain", "une enquête indépendante", "un accord de principe",
    "la construction d’un nouveau stade", "le tracé de la future ligne",
    "un moratoire sur les forages", "la rénovation des écoles", "un fonds d’urgence",
    "la réouverture de la frontière", "un vaste chantier de rénovation",
    "le rachat du groupe", "une consultation citoyenne", "la baisse des effectifs",
    "un nouveau traité commercial", "le transfert de compétences", "la gratuité des transports",
    "un programme de recherche", "la candidature de la ville", "la suppression de la taxe",
    "un dispositif d’aide aux familles", "le plan de sauvetage", "la liste des sélectionnés",
    "un référendum local", "les conclusions du rapport", "une hausse des salaires",
    "la protection du littoral", "la régulation des plateformes", "le retour des grands festivals",
]  # fmt: skip
COMPLEMENTS = [
    "lors d’une conférence de presse", "dès la semaine prochaine",
    "malgré les critiques de l’opposition", "après plusieurs mois de négociations",
    "sous la pression de la rue", "à la surprise générale", "avant la fin de l’année",
    "pour la première fois depuis dix ans", "dans un climat tendu",
    "au terme d’une longue journée de débats", "sans attendre l’avis du Conseil",
    "face à la colère des usagers", "en marge du sommet", "à quelques jours du scrutin",
    "dans un courrier rendu public mardi", "selon un document consulté par la rédaction",
    "après une nuit de discussions", "en dépit d’un financement incertain",
    "au grand soulagement des salariés", "sans fixer de date précise",
]  # fmt: skip
OPENERS = [
    "Selon plusieurs sources,", "De son côté,", "Pour l’heure,", "Dans le même temps,",
    "En revanche,", "Depuis le début de l’année,", "À l’inverse,", "Sur le terrain,",
    "D’après les chiffres officiels,", "Interrogé à ce sujet,", "Comme souvent,",
    "Au sein de la majorité,", "Dans l’entourage du ministre,", "Localement,",
    "Jusqu’ici,", "Officiellement,", "En coulisses,", "Côté financement,",
]  # fmt: skip
FACTS = [
    "le dossier avance plus lentement que prévu",
    "les premiers effets ne seront pas visibles avant plusieurs mois",
    "la facture pourrait dépasser les prévisions initiales",
    "personne ne souhaite porter seul la responsabilité de l’échec",
    "les chiffres restent en deçà des objectifs fixés",
    "la question divise jusque dans les rangs des partisans du projet",
    "les associations dénoncent un manque de concertation",
    "le calendrier apparaît de plus en plus serré",
    "plusieurs recours ont déjà été déposés devant la justice",
    "les usagers attendent surtout des réponses concrètes",
    "le sujet devrait revenir sur la table à l’automne",
    "une étude indépendante a été commandée pour trancher",
    "les élus réclament davantage de moyens pour les territoires",
    "la mesure concernerait près de deux millions de personnes",
    "les négociations reprendront après l’été",
    "le texte a été largement remanié en commission",
    "la situation reste fragile malgré les annonces",
    "les professionnels du secteur se disent prêts à discuter",
    "le précédent de l’an dernier reste dans toutes les mémoires",
    "la comparaison avec les pays voisins n’est guère flatteuse",
    "le coût de l’opération est estimé à plusieurs centaines de millions d’euros",
    "le nombre de dossiers en attente a doublé en deux ans",
]  # fmt: skip
QUOTES = [
    "Nous n’avons pas d’autre choix que d’avancer",
    "Il faut laisser le temps aux équipes de travailler",
    "Ce n’est qu’une première étape",
    "Personne ne peut se satisfaire de la situation actuelle",
    "Nous serons très attentifs à la suite",
    "Les engagements doivent maintenant être tenus",
    "C’est une décision que nous assumons pleinement",
    "On nous avait promis l’inverse il y a deux ans",
    "La priorité, c’est la sécurité de tous",
    "Nous demandons simplement à être entendus",
]  # fmt: skip
SPEAKER_ROLES = [
    "porte-parole du collectif", "adjointe au maire", "économiste", "syndicaliste",
    "chercheuse au CNRS", "député de la circonscription", "directrice de l’établissement",
    "habitant du quartier depuis trente ans", "présidente de l’association", "entraîneur",
]  # fmt: skip
HEADING_STARTS = [
    "Un calendrier", "Des inquiétudes", "Une décision", "Des moyens", "Un précédent",
    "Une bataille", "Des promesses", "Un enjeu", "Des doutes", "Une attente",
    "Un compromis", "Des tensions",
]  # fmt: skip
HEADING_ENDS = [
    "encore incertain", "qui persistent", "attendue", "en question", "qui pèse",
    "juridique", "à tenir", "de taille", "sur le financement", "qui s’allonge",
    "fragile", "au sein de la majorité",
]  # fmt: skip
PHOTO_SCENES = [
    "Des manifestants défilent dans le centre-ville", "Vue aérienne du chantier",
    "Une salle de classe vide avant la rentrée", "Le port au lever du jour",
    "Des élus quittent l’hémicycle après le vote", "Un marché couvert un samedi matin",
    "Des supporters dans les tribunes du stade", "Une file d’attente devant la mairie",
    "Le laboratoire de recherche de l’université", "Une rue inondée après l’orage",
    "Des éoliennes au large de la côte", "La façade du tribunal",
]  # fmt: skip
PHOTO_CREDITS = [
    "Léa Fontaine/AFP", "Marc Olivier/REUTERS", "Service de presse via AFP",
    "Inès Barbier/HANS LUCAS", "Collectif Rivages via AP", "Yann Colin/SIPA",
    "Thomas Girard pour Newsroom",
]  # fmt: skip


def escape(text: str) -> str:
    """Escape text the way the sanitizer writes it (quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clause(rng: random.Random) -> str:
    """Subject, agreeing verb and object: "Les syndicats contestent la hausse des tarifs"."""
    subject = rng.choice(SUBJECTS)
    singular, plural = rng.choice(VERBS)
    verb = plural if subject.startswith(("Les ", "Des ")) else singular
    return f"{subject} {verb} {rng.choice(OBJECTS)}"


def _headline(rng: random.Random) -> str:
    form = rng.random()
    if form < 0.35:
        return f"{rng.choice(PLACES)} : {_lower_first(_clause(rng))}"
    if form < 0.7:
        clause, complement = _clause(rng), rng.choice(COMPLEMENTS)
        if len(clause) + len(complement) < HEADLINE_MAX_LENGTH:
            return f"{clause} {complement}"
        return clause
    if form < 0.85:
        return f"{_capitalize(rng.choice(OBJECTS))} : ce qui change pour {rng.choice(['les ménages', 'les salariés', 'les élèves', 'les retraités', 'les entreprises', 'les locataires'])}"
    return f"Pourquoi {rng.choice(OBJECTS)} divise {_lower_first(rng.choice(SUBJECTS))}"


def _lower_first(text: str) -> str:
    # "Le gouvernement" -> "le gouvernement", but keep "L’opposition" readable.
    return text[:1].lower() + text[1:]


def _sentence(rng: random.Random) -> str:
    form = rng.random()
    if form < 0.4:
        return f"{_clause(rng)} {rng.choice(COMPLEMENTS)}."
    if form < 0.8:
        return f"{rng.choice(OPENERS)} {rng.choice(FACTS)}."
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return f"« {rng.choice(QUOTES)} », explique {first} {last}, {rng.choice(SPEAKER_ROLES)}."


def _paragraph(rng: random.Random) -> str:
    sentences = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
    if rng.random() < 0.1:
        # Emphasis on a place name, as editors do for datelines.
        return f"<p><strong>{escape(rng.choice(PLACES))}.</strong> {escape(sentences)}</p>"
    return f"<p>{escape(sentences)}</p>"


def _standfirst(rng: random.Random) -> str:
    return f"{_clause(rng)}. {_capitalize(rng.choice(FACTS))}."


def _body(rng: random.Random) -> str:
    """6-10 paragraphs with 2-4 sub-headings between them, already sanitized."""
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(6, 10))]
    headed = set(rng.sample(range(1, len(paragraphs)), rng.randint(2, 4)))
    parts = []
    for position, paragraph in enumerate(paragraphs):
        if position in headed:
            heading = f"{rng.choice(HEADING_STARTS)} {rng.choice(HEADING_ENDS)}"
            parts.append(f"<h2>{escape(heading)}</h2>")
        parts.append(paragraph)
    if rng.random() < 0.15:
        parts.insert(
            rng.randint(1, len(parts)),
            f"<blockquote><p>« {escape(rng.choice(QUOTES))}. »</p></blockquote>",
        )
    return "".join(parts)


def _photo_bytes(rng: random.Random) -> bytes:
    """A distinct small JPEG: a two-colour gradient with a few shapes."""
    width, height = PHOTO_SIZE
    gradient = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270]))
    gradient = gradient.resize(PHOTO_SIZE)
    image = ImageOps.colorize(gradient, _colour(rng), _colour(rng))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(3, 7)):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randint(20, height // 2)
        box = (x - size, y - size, x + size, y + size)
        shape = rng.random()
        if shape < 0.4:
            draw.ellipse(box, fill=_colour(rng))
        elif shape < 0.8:
            draw.rectangle(box, fill=_colour(rng))
        else:
            draw.polygon(
                [(x, y - size), (x + size, y + size), (x - size, y + size)], fill=_colour(rng)
            )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=PHOTO_QUALITY)
    return buffer.getvalue()


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))
