"""The demo site's content, written for Newsroom: sections, authors and articles."""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import Article

SECTIONS = [
    # slug, name, parent slug, position, description
    ("international", "International", None, 10, "L’actualité du monde, au plus près du terrain."),
    ("europe", "Europe", "international", 11, "L’Union européenne et ses voisins."),
    ("politique", "Politique", None, 20, "Le Parlement, le gouvernement, les territoires."),
    ("economie", "Économie", None, 30, "Entreprises, emploi, consommation, énergie."),
    ("culture", "Culture", None, 40, "Expositions, livres, scènes et patrimoine."),
]

AUTHORS = [
    (
        "claire-dubois",
        "Claire Dubois",
        "Journaliste au service Politique, elle suit les collectivités locales et les "
        "élections municipales.",
    ),
    (
        "mehdi-roussel",
        "Mehdi Roussel",
        "Correspondant pour l’Amérique latine, installé à Santiago depuis 2019.",
    ),
    (
        "sophie-lambert",
        "Sophie Lambert",
        "Journaliste économique, spécialiste de la consommation et des transports.",
    ),
    (
        "julien-fabre",
        "Julien Fabre",
        "Chef du service Europe ; il a couvert la péninsule Ibérique et les Balkans.",
    ),
    (
        "anna-keller",
        "Anna Keller",
        "Critique culturelle, elle écrit sur la photographie, le livre et le patrimoine.",
    ),
]


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    headline: str
    standfirst: str
    body: str
    section: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    credit: str
    caption: str
    alt_text: str
    palette: tuple[tuple[int, int, int], tuple[int, int, int]]
    hours_ago: int  # negative: scheduled in the future
    status: str = Article.Status.PUBLISHED
    language: str = Article.Language.FRENCH
    correction: str = ""  # a correction note, dated an hour after publication


ARTICLES = [
    DemoArticle(
        slug="secheresse-espagne-portugal-accord-partage-eaux-tage",
        headline="Sécheresse : l’Espagne et le Portugal s’accordent sur le partage des eaux du Tage",
        standfirst=(
            "Après deux étés sans pluie, Madrid et Lisbonne ont signé un avenant à leur "
            "convention fluviale qui garantit un débit minimal au fleuve jusqu’à son estuaire."
        ),
        body="""
<p>Les ministres de l’environnement des deux pays ont paraphé mardi, à Badajoz, un texte
négocié depuis près d’un an. Il fixe pour la première fois un débit minimal hebdomadaire, et
non plus seulement annuel, à la frontière : les agriculteurs portugais de la vallée du Tage
se plaignaient de voir le fleuve presque à sec en août, alors que les volumes annuels
promis étaient respectés sur le papier.</p>
<h2>Des barrages sous surveillance commune</h2>
<p>L’avenant crée une commission technique qui recevra, chaque jour, les relevés des
principaux barrages espagnols situés en amont. En cas de sécheresse déclarée, les lâchers
d’eau devront être annoncés quarante-huit heures à l’avance. « C’est moins spectaculaire
qu’un grand traité, mais c’est ce qui change la vie des irrigants », résume un ingénieur
de l’agence portugaise de l’eau.</p>
<h2>Les villes aussi concernées</h2>
<p>Lisbonne puise une partie de son eau potable dans le bassin du fleuve. Le texte prévoit
que la consommation humaine reste prioritaire sur l’irrigation des deux côtés de la
frontière, une clause réclamée par les municipalités de l’estuaire.</p>
<p>Les organisations écologistes saluent une avancée, tout en rappelant que les débits
retenus restent inférieurs à ceux que recommandaient les hydrologues consultés en 2023.</p>
""",
        section="europe",
        authors=("julien-fabre",),
        tags=("Espagne", "Portugal", "eau", "climat"),
        credit="Jeanne Martin/AFP",
        caption="Le lit du Tage, presque à sec, près de la frontière hispano-portugaise.",
        alt_text="Un fleuve aux berges craquelées sous un ciel blanc de chaleur.",
        palette=((222, 170, 96), (90, 140, 170)),
        hours_ago=5,
        correction=(
            "Une version précédente de cet article situait la signature à Mérida. "
            "Elle a eu lieu à Badajoz."
        ),
    ),
    DemoArticle(
        slug="chili-lithium-atacama-communautes-andines",
        headline="Au Chili, le lithium d’Atacama face à la colère des communautés andines",
        standfirst=(
            "Les villages du haut plateau réclament un droit de regard sur les pompages "
            "de saumure, accusés d’assécher les lagunes dont dépendent leurs troupeaux."
        ),
        body="""
<p>Sur la route qui mène au salar, des banderoles peintes à la main accueillent les
camions-citernes : « L’eau d’abord ». Depuis trois semaines, une dizaine de communautés
atacameñas bloquent par intermittence l’accès à deux sites d’extraction, pour obtenir la
révision des quotas de pompage accordés aux exploitants.</p>
<h2>Une ressource stratégique</h2>
<p>Le Chili détient une part importante des réserves mondiales connues de lithium, un
métal indispensable aux batteries des voitures électriques. Le gouvernement veut doubler
la production d’ici à la fin de la décennie, en associant davantage l’État aux nouveaux
contrats.</p>
<h2>Des lagunes qui reculent</h2>
<p>Des relevés publiés par une université de la région montrent un recul de plusieurs
lagunes d’altitude depuis vingt ans. Les entreprises contestent le lien direct avec leurs
activités et mettent en avant des techniques de réinjection de la saumure, encore
expérimentales.</p>
<p>Une table de négociation doit se réunir la semaine prochaine à San Pedro de Atacama,
en présence d’un représentant du ministère des mines.</p>
""",
        section="international",
        authors=("mehdi-roussel",),
        tags=("Chili", "lithium", "mines", "environnement", "Amérique latine"),
        credit="Studio X via REUTERS",
        caption="Des bassins d’évaporation de saumure dans le désert d’Atacama.",
        alt_text="Des bassins turquoise alignés au milieu d’un désert ocre, montagnes au fond.",
        palette=((64, 180, 190), (200, 150, 110)),
        hours_ago=9,
    ),
    DemoArticle(
        slug="budget-maires-sursis-reforme-dotation",
        headline="Budget : les maires obtiennent un sursis sur la réforme de la dotation",
        standfirst=(
            "Le gouvernement repousse d’un an la nouvelle répartition de la dotation "
            "globale de fonctionnement, que les petites communes jugeaient intenable."
        ),
        body="""
<p>Il aura fallu trois réunions à Matignon et une lettre signée par plus de deux mille
élus. Le ministre chargé des collectivités a annoncé jeudi que la réforme des critères de
la dotation globale de fonctionnement n’entrerait en vigueur qu’en 2027, au lieu de
l’année prochaine.</p>
<h2>Les communes rurales soulagées</h2>
<p>Les simulations transmises aux préfectures montraient des pertes pouvant dépasser
10 % des recettes pour certaines communes de moins de mille habitants. « On nous demandait
de boucler un budget sans connaître nos ressources », explique le maire d’un village de
la Creuse.</p>
<h2>Un compromis fragile à l’Assemblée</h2>
<p>Le report doit encore être inscrit dans le projet de loi de finances par amendement.
Plusieurs groupes d’opposition ont fait savoir qu’ils le voteraient, tout en réclamant une
refonte plus large des finances locales.</p>
""",
        section="politique",
        authors=("claire-dubois",),
        tags=("budget", "collectivités locales", "Assemblée nationale"),
        credit="Paul Lefèvre/HANS LUCAS",
        caption="Des maires ceints de leur écharpe tricolore devant une préfecture.",
        alt_text="Un groupe d’élus portant l’écharpe bleu-blanc-rouge devant un bâtiment officiel.",
        palette=((40, 70, 140), (220, 60, 70)),
        hours_ago=26,
    ),
    DemoArticle(
        slug="municipales-lyon-gauche-tete-de-liste",
        headline="Municipales : à Lyon, la gauche cherche encore sa tête de liste",
        standfirst=(
            "Trois candidatures, une primaire contestée et un calendrier qui se resserre : "
            "la majorité sortante hésite sur la méthode."
        ),
        body="""
<p>Les militants devaient voter avant la fin du mois. Le scrutin interne a finalement été
reporté, faute d’accord sur la liste des électeurs autorisés à y participer.</p>
<h2>Trois profils, trois stratégies</h2>
<p>Une adjointe chargée des mobilités, un élu d’arrondissement et une figure associative
revendiquent chacun la légitimité de conduire la liste. Tous assurent vouloir éviter une
division au premier tour.</p>
<p><em>Article en cours d’écriture : chiffres de participation à vérifier auprès des
fédérations.</em></p>
""",
        section="politique",
        authors=("claire-dubois",),
        tags=("municipales", "Lyon", "élections"),
        credit="Claire Dubois",
        caption="La place des Terreaux, à Lyon, un soir de réunion publique.",
        alt_text="Une grande place pavée entourée de façades anciennes, à la tombée de la nuit.",
        palette=((30, 40, 80), (240, 180, 90)),
        hours_ago=2,
        status=Article.Status.DRAFT,
    ),
    DemoArticle(
        slug="inflation-ralentit-prix-alimentation-eleves",
        headline="L’inflation ralentit, mais les prix de l’alimentation restent élevés",
        standfirst=(
            "La hausse des prix est revenue sous les 2 % sur un an, selon les premiers "
            "chiffres du mois ; au supermarché, les ménages n’en voient guère la couleur."
        ),
        body="""
<p>L’énergie tire les prix vers le bas : le recul des tarifs du gaz et du carburant
compense la hausse persistante des services. L’alimentation, elle, ne baisse pas : les prix
des produits frais restent nettement au-dessus de leur niveau d’il y a trois ans.</p>
<h2>Des négociations commerciales sous tension</h2>
<p>Les distributeurs et leurs fournisseurs entament les discussions annuelles sur les
tarifs. Les industriels invoquent le coût des matières premières agricoles ; les enseignes
promettent des baisses sur les produits de marque distributeur.</p>
<h2>Le pouvoir d’achat, sujet politique</h2>
<ul>
<li>les salaires ont progressé plus vite que les prix depuis le début de l’année ;</li>
<li>les ménages modestes, qui consacrent une part plus grande de leur budget à
l’alimentation, restent les plus exposés ;</li>
<li>l’épargne demeure à un niveau élevé, signe d’une prudence persistante.</li>
</ul>
<p>Les économistes attendent une stabilisation au printemps, à condition que les cours de
l’énergie ne repartent pas à la hausse.</p>
""",
        section="economie",
        authors=("sophie-lambert",),
        tags=("inflation", "consommation", "alimentation", "pouvoir d’achat"),
        credit="Nadia Benali/REUTERS",
        caption="Un rayon de fruits et légumes dans un hypermarché de la banlieue de Lille.",
        alt_text="Des étals de fruits colorés sous un éclairage de supermarché.",
        palette=((236, 120, 60), (120, 190, 90)),
        hours_ago=30,
    ),
    DemoArticle(
        slug="port-havre-terminal-conteneurs-electrifie",
        headline="Le port du Havre inaugure son terminal à conteneurs électrifié",
        standfirst=(
            "Les portiques et les navires à quai seront alimentés par le réseau électrique, "
            "une première en France pour un terminal de cette taille."
        ),
        body="""
<p>Les navires pourront couper leurs moteurs auxiliaires pendant les escales : le nouveau
terminal dispose de raccordements électriques à quai, financés en partie par des fonds
européens.</p>
<h2>Moins de fumées pour les riverains</h2>
<p>Les associations de quartier réclamaient depuis des années une réduction des émissions
des navires, particulièrement sensibles les jours sans vent.</p>
<h2>Un pari sur le trafic</h2>
<p>Le port espère attirer de nouvelles lignes régulières entre l’Europe du Nord et l’Asie,
alors que la concurrence d’Anvers et de Rotterdam reste vive.</p>
""",
        section="economie",
        authors=("sophie-lambert",),
        tags=("transport maritime", "Le Havre", "énergie", "industrie"),
        credit="Port du Havre via AFP",
        caption="Des portiques de manutention au-dessus d’un porte-conteneurs, au Havre.",
        alt_text="De grandes grues portuaires bleues au-dessus d’un navire chargé de conteneurs.",
        palette=((20, 90, 160), (240, 240, 235)),
        hours_ago=-72,
    ),
    DemoArticle(
        slug="arles-exposition-photographes-oublies-annees-1950",
        headline="À Arles, une exposition redonne vie aux photographes oubliés des années 1950",
        standfirst=(
            "Deux cents tirages retrouvés dans les archives d’un studio marseillais "
            "racontent la reconstruction, loin des grands noms de l’époque."
        ),
        body="""
<p>Les boîtes dormaient dans une cave depuis la fermeture du studio, en 1978. Une
historienne de la photographie les a identifiées par hasard, en cherchant tout autre chose :
des centaines de négatifs soigneusement annotés, datés, légendés.</p>
<h2>La reconstruction au quotidien</h2>
<p>Chantiers, mariages, vitrines de commerçants, bals du samedi : l’exposition suit la vie
d’un quartier qui se relève. Les tirages, réalisés à partir des négatifs d’origine, sont
présentés dans l’ordre où ils ont été pris.</p>
<blockquote><p>Ce ne sont pas des chefs-d’œuvre isolés, c’est une mémoire collective.</p></blockquote>
<h2>Retrouver les visages</h2>
<p>Les commissaires invitent les visiteurs à identifier les personnes photographiées :
une trentaine de familles se sont déjà manifestées depuis l’ouverture.</p>
""",
        section="culture",
        authors=("anna-keller",),
        tags=("photographie", "Arles", "exposition", "patrimoine"),
        credit="Léa Moreau",
        caption="Une salle de l’exposition, tirages noir et blanc alignés sur des murs clairs.",
        alt_text="Des photographies en noir et blanc encadrées sur un mur blanc, un visiteur de dos.",
        palette=((60, 60, 60), (230, 220, 200)),
        hours_ago=50,
    ),
    DemoArticle(
        slug="paris-oldest-bookshop-reopens-after-restoration",
        headline="Paris’s oldest bookshop reopens after a two-year restoration",
        standfirst=(
            "The shop’s oak shelves, painted ceiling and cast-iron staircase have been "
            "restored, and its owners hope the work will secure its future."
        ),
        body="""
<p>For two years, the windows were covered in scaffolding and a handwritten sign promised
a return “soon”. On Saturday morning, a queue stretched along the street before the doors
opened again.</p>
<h2>A careful restoration</h2>
<p>Craftspeople repaired the shelves board by board and uncovered a painted ceiling hidden
under layers of varnish. The staircase, too fragile to climb, has been reinforced without
changing its shape.</p>
<h2>Books, and a reading room</h2>
<p>The first floor becomes a reading room open to local schools. The owners say that
events, rather than sales alone, will keep the shop alive in a neighbourhood where rents
keep rising.</p>
""",
        section="culture",
        authors=("anna-keller",),
        tags=("books", "Paris", "heritage"),
        credit="Tom Harris/AP",
        caption="The restored shelves of the bookshop on its reopening day.",
        alt_text="Tall wooden shelves full of books under a painted ceiling, readers browsing.",
        palette=((120, 70, 40), (250, 210, 140)),
        hours_ago=74,
        language=Article.Language.ENGLISH,
    ),
    DemoArticle(
        slug="balkans-corridor-ferroviaire-relance-echanges",
        headline="Dans les Balkans, un corridor ferroviaire relance les échanges entre voisins",
        standfirst=(
            "La ligne modernisée entre la côte adriatique et la vallée du Danube divise par "
            "deux le temps de trajet des marchandises."
        ),
        body="""
<p>Le premier train de fret a quitté le port à l’aube, chargé de conteneurs de matériaux de
construction. Il a franchi deux frontières sans arrêt prolongé, grâce à des contrôles
douaniers désormais réalisés en commun.</p>
<h2>Un chantier financé par l’Union européenne</h2>
<p>Les travaux ont été en partie financés par des prêts européens, dans le cadre de la
politique de rapprochement avec les pays candidats à l’adhésion. Ils ont pris quatre ans de
retard sur le calendrier initial.</p>
<h2>Des passagers encore oubliés</h2>
<p>Les trains de voyageurs, eux, restent rares : deux allers-retours par jour, et des gares
intermédiaires fermées faute de personnel. Les élus locaux réclament une desserte régionale
digne de ce nom.</p>
""",
        section="europe",
        authors=("julien-fabre", "mehdi-roussel"),
        tags=("Balkans", "rail", "commerce", "Union européenne"),
        credit="Studio X via REUTERS",
        caption="Un train de marchandises traverse un viaduc au-dessus d’une vallée boisée.",
        alt_text="Un long train de fret sur un viaduc de pierre, forêts en automne en contrebas.",
        palette=((150, 90, 50), (70, 120, 80)),
        hours_ago=100,
    ),
]
