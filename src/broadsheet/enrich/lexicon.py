"""Small word lists that let a lexical topic extractor tell people, organisations and places apart.

They are cues, not a knowledge base: a title before a name says "person", a word such as
"Ministry" or "University" says "organisation", and a short list of countries, regions and large
cities says "place". Everything is folded (lower case, no accents).
"""

from __future__ import annotations


def word_set(block: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text, as a set."""
    return frozenset(block.split())


# Words that precede a person's name ("President Xi", "Emergencies Minister Yevgeny Zinichev").
PERSON_TITLES = word_set(
    """
    mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister premier
    chancellor senator sen rep representative congressman congresswoman governor gov mayor king
    queen prince princess pope cardinal bishop archbishop rabbi imam sheikh general gen colonel col
    captain capt lieutenant lt sergeant sgt admiral judge justice secretary ambassador chairman
    chairwoman chair ceo coach director commissioner inspector detective officer spokesman
    spokeswoman spokesperson leader deputy foreign interior defence defense finance health
    emergencies home justice education state chief executive former late candidate nominee
    speaker sheriff superintendent constable agent dean reverend rev father sister brother saint
    m mme mlle monsieur madame president presidente ministre ministro senatore signor signora
    herr frau kanzler kanzlerin dottor dott avvocato presidenta senor senora don dona
    republican democrat democratic mp mps mep activist actor actress singer
    writer author journalist reporter lawyer attorney economist analyst player striker manager
    """
)

# Words inside a name that make it an organisation.
ORGANISATION_WORDS = word_set(
    """
    party ministry department office agency council committee commission union association
    federation organisation organization institute institution university college school academy
    hospital bank company corporation corp inc ltd llc plc group holdings foundation trust fund
    society church court parliament congress senate assembly government administration army navy
    force forces police guard service services bureau authority board club fc united city team
    league airlines airways motors news times post journal press herald tribune guardian channel
    network television radio broadcasting studios records laboratory labs museum library
    coalition front movement alliance network center centre unit brigade cabinet council
    patrol ministry agency embassy consulate parliament regiment fleet railway railways
    airline daily telegraph mail gazette observer chronicle express courier reuters
    division directorate secretariat
    parti ministere conseil assemblee commission universite societe banque tribunal comite
    partito ministero consiglio universita societa banca tribunale comitato governo
    """
)

# Words inside a name that make it a place.
PLACE_WORDS = word_set(
    """
    river lake mountain mount mountains island islands sea ocean bay gulf valley county province
    state region district street avenue road square park airport station bridge beach coast
    peninsula desert forest canyon falls city town village port harbour harbor strait
    gardens garden junction hall palace castle cathedral stadium arena prison
    """
)

PLACES = word_set(
    """
    afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
    bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
    botswana brazil brunei bulgaria burkina burundi cambodia cameroon canada chad chile china
    colombia comoros congo croatia cuba cyprus czechia czech denmark djibouti dominica ecuador egypt
    eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece
    grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq
    ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan
    laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi
    malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia
    montenegro morocco mozambique myanmar burma namibia nauru nepal netherlands holland nicaragua
    niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland
    portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia
    slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania
    thailand togo tonga trinidad tunisia turkey turkmenistan tuvalu uganda ukraine uruguay
    uzbekistan vanuatu vatican venezuela vietnam yemen zambia zimbabwe england scotland wales
    britain uk usa america europe asia africa antarctica oceania arctic crimea gaza kashmir tibet
    macau greenland catalonia kurdistan chechnya donbas siberia balkans caribbean
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho
    illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
    tennessee texas utah vermont virginia washington wisconsin wyoming
    london paris berlin madrid rome moscow beijing tokyo delhi mumbai shanghai sydney melbourne
    toronto montreal vancouver chicago boston houston dallas miami atlanta seattle denver detroit
    brussels vienna prague warsaw budapest athens istanbul ankara cairo tehran baghdad damascus
    beirut jerusalem riyadh dubai doha kabul islamabad karachi lahore dhaka bangkok jakarta manila
    seoul pyongyang taipei hanoi singapore nairobi lagos johannesburg geneva zurich
    amsterdam rotterdam stockholm oslo copenhagen helsinki dublin edinburgh glasgow manchester
    liverpool birmingham lisbon barcelona milan naples venice florence turin marseille lyon
    munich hamburg frankfurt kyiv kiev minsk caracas bogota lima santiago havana
    wuhan magnitogorsk hollywood brooklyn manhattan
    allemagne angleterre espagne italie etats-unis chine russie japon belgique suisse
    afrique amerique europe inde bresil mexique canada grece turquie egypte israel irak
    londres rome pekin moscou bruxelles geneve germania inghilterra spagna francia italia
    cina russia giappone belgio svizzera grecia turchia egitto roma milano parigi
    """
)

# Tokens that may sit inside a multi-word name without being capitalised.
NAME_CONNECTORS = word_set(
    "of for and the de du des la le el del della di da dos das van von der den al bin ibn y e"
)

MULTIWORD_PLACES = frozenset(
    p.strip()
    for p in """
    united states|united kingdom|new york|los angeles|san francisco|san diego|las vegas|
    new orleans|new jersey|new mexico|new hampshire|north carolina|south carolina|north dakota|
    south dakota|west virginia|rhode island|new zealand|south africa|north korea|south korea|
    saudi arabia|sri lanka|new delhi|hong kong|united arab emirates|west bank|el salvador|
    costa rica|ivory coast|czech republic|dominican republic|central african republic|
    democratic republic of the congo|papua new guinea|sierra leone|puerto rico|buenos aires|
    rio de janeiro|sao paulo|mexico city|tel aviv|abu dhabi|kuala lumpur|cape town|middle east|
    latin america|north america|south america|east asia|southeast asia|washington dc|
    washington d.c|great britain|northern ireland|east timor|burkina faso|vatican city|
    english channel|persian gulf|red sea|south china sea|black sea|silicon valley|
    etats-unis|royaume-uni|stati uniti|regno unito|nouvelle-zelande|afrique du sud
    """.replace("\n", "").split("|")
    if p.strip()
)

DIRECTIONS = word_set(
    "north south east west northern southern eastern western central upper lower greater"
)

# Words that make a name an event or a subject rather than an actor ("Libyan Civil War").
EVENT_WORDS = word_set(
    """
    war wars election elections referendum day week year festival cup championship championships
    olympics olympic games open tournament competition prize award awards summit conference
    crisis pandemic epidemic outbreak protests protest revolution strike attack attacks massacre
    earthquake hurricane storm typhoon cyclone flood fire act bill law treaty agreement deal
    accord plan program programme project movement trial case scandal affair disease virus
    celebration celebrations ceremony march rally
    guerre election elections jour festival coupe championnat prix sommet crise loi traite
    guerra elezioni giorno festival coppa campionato premio vertice crisi legge trattato
    """
)

# Words that say "the next name is a place": "in Reading", "near Kenosha".
PLACE_PREPOSITIONS = word_set("in near outside across inside towards dans pres vers nella nel")

# Common given names: a name starting with one is a person even when mentioned only once.
FIRST_NAMES = word_set(
    """
    aaron adam adrian ahmed ali alan albert alex alexander alexandra alexei alice alison amanda
    amy andrea andrew andrzej angela ann anna anne anthony antonio barack ben benjamin bernie
    bill bob boris brad brian bruce carl carlos caroline catherine charles charlie chris
    christian christine christopher claire claude daniel david dennis diana donald doris
    dmitry edward elizabeth emily emma emmanuel eric francesco francis francois frank fred
    gary george georgia giuseppe gordon greg hans harry helen henry hillary hugh ian ivan jack
    jacob james jamie jane janet jason jean jeff jennifer jeremy jessica jim joe johann john
    johnny jon jonathan jose joseph juan julia julian justin karen kate katherine kevin kim
    kyle laura lee leo lisa louis luis luke marco margaret maria marie mark martin mary
    matt matthew max michael michel michelle mike mohammed mohammad muhammad nancy narendra
    nicholas nick nicola nicolas olivia oliver pablo patrick paul pedro peter philip pierre
    rachel ralph richard rob robert roger ron ronald rose ryan sam samuel sarah scott sean
    sebastian sergei simon sophie stephen steve steven susan thomas tim timothy tom tony
    vladimir walter william xi yuri
    """
)

# Words that sit inside a name only after an institution or a title ("Bank of England").
NAME_ARTICLES = frozenset(("the", "a", "an", "of", "and", "for", "y", "e"))
