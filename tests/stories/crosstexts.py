"""One invented event told in English, German and Italian, and another event of the same town
told in French: the German and Italian articles share the town (and the river) with the English
one but few of its words, names or figures, so only the multilingual encoder can tell they report
the same flood."""

from __future__ import annotations

from broadsheet.stories import StoryDoc

FLOOD_EN = StoryDoc(
    key="flood-en",
    title="Floods cut off Marrowdale as the Kessel river bursts its banks",
    text=(
        "Floods cut off the town of Marrowdale on Tuesday after the Kessel river burst its banks "
        "following three days of heavy rain, the regional fire service said.\n"
        "About 1,200 residents were moved to emergency shelters in the town's schools, and two "
        "bridges on the main road into Marrowdale were closed.\n"
        "Fire chief Orla Brannock said rescue boats had taken 40 people from the roofs of their "
        "houses overnight. No deaths have been reported.\n"
        "The river rose 4.2 metres above its normal level, the highest reading since records "
        "began in 1921, according to the regional water agency.\n"
        "Forecasters expect the rain to ease on Wednesday, but warned that the water could take "
        "several days to recede."
    ),
    language="en",
)
FLOOD_DE = StoryDoc(
    key="flood-de",
    title="Marrowdale steht unter Wasser",
    text=(
        "In Marrowdale sind nach tagelangem Regen ganze Straßenzüge überflutet. Der Fluss Kessel "
        "ist über die Ufer getreten und hat die Stadt von der Umgebung abgeschnitten.\n"
        "Viele Bewohner mussten ihre Häuser verlassen und verbringen die Nacht in Turnhallen und "
        "Schulen. Feuerwehrleute holten Menschen mit Booten von den Dächern.\n"
        "Die Behörden rechnen damit, dass das Wasser nur langsam zurückgeht, und bitten die "
        "Bevölkerung, die Gegend zu meiden."
    ),
    language="de",
)
FESTIVAL_FR = StoryDoc(
    key="festival-fr",
    title="Marrowdale fête les 100 ans de son festival de musique",
    text=(
        "Le festival de musique de Marrowdale a célébré samedi son centième anniversaire devant "
        "plus de 8 000 spectateurs réunis sur les bords de la Kessel.\n"
        "La maire, Agathe Fenwick, a inauguré une statue en hommage au fondateur du festival, le "
        "violoniste Piet Horler, avant le concert d'ouverture de l'orchestre de chambre de la "
        "ville.\n"
        "Les organisateurs ont annoncé que l'édition de l'an prochain durerait quatre jours et "
        "accueillerait pour la première fois des groupes venus de toute l'Europe."
    ),
    language="fr",
)
FLOOD_IT = StoryDoc(
    key="flood-it",
    title="Alluvione a Marrowdale, il fiume esonda",
    text=(
        "La città di Marrowdale è rimasta isolata martedì dopo che il fiume è esondato in "
        "seguito a tre giorni di piogge intense, hanno riferito i vigili del fuoco.\n"
        "Centinaia di abitanti sono stati trasferiti nei rifugi di emergenza allestiti nelle "
        "scuole, e due ponti sulla strada principale sono stati chiusi.\n"
        "Le barche di soccorso hanno portato in salvo decine di persone dai tetti delle loro case "
        "durante la notte. Non si segnalano vittime.\n"
        "Le autorità prevedono che l'acqua si ritirerà lentamente e chiedono alla popolazione di "
        "evitare la zona."
    ),
    language="it",
)
