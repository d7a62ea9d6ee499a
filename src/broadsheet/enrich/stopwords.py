"""Function words of the languages the news corpus carries, folded (lower case, no accents).

One merged set rather than one per language: a French article quoting an English name, or an
Italian one with a Latin phrase, should not turn "the" or "di" into a topic.
"""

from __future__ import annotations

_EN = """
a about above across after afterwards again against ago all almost alone along already also
although always am among amongst an and another any anybody anyone anything anyway anywhere are
around as at back be became because become becomes been before beforehand behind being below
beside besides between beyond both but by can cannot could did do does doing done down during
each either else elsewhere enough even ever every everyone everything everywhere except few for
former formerly from further had has have having he hence her here hereby herein hers herself him
himself his how however i if in indeed instead into is it its itself just last latter least less
like many may me meanwhile might mine more moreover most mostly much must my myself namely neither
never nevertheless next no nobody none noone nor not nothing now nowhere of off often on once only
onto or other others otherwise our ours ourselves out over own per perhaps please quite rather re
same seem seemed seeming seems several she should since so some somehow someone something sometime
sometimes somewhere still such than that the their theirs them themselves then thence there
thereafter thereby therefore therein thereupon these they this those though through throughout thru
thus to together too toward towards under until up upon us very via was we well were what whatever
when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while
whither who whoever whole whom whose why will with within without would yet you your yours yourself
yourselves s t don didn doesn isn wasn weren won wouldn couldn shouldn ll ve d m o
said says say saying told tell tells according added adding asked reported reports reportedly
also would could new one two three four five six seven eight nine ten first second third
year years month months week weeks day days today yesterday tomorrow time times mr mrs ms dr
monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december
get got make made take took go went come came see saw know knew think thought want wanted
use used way lot lots thing things part per cent percent including include includes
near later early earlier recent recently many several various likely unlike whose though
i'm i've i'd i'll we're we've you're they're it's that's there's don't can't won't let's
"""

_FR = """
a au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me
meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi
ton tu un une vos votre vous c d j l m n s t y ete etee etees etes etant suis es est sommes etes
sont serai seras sera serons serez seront serais serait serions seriez seraient etais etait
etions etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse fusses fut
fussions fussiez fussent ayant eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez
auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eumes eutes
eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent ceci cela celui celle
ceux celles cet cette dont ou lorsque quand comme si ainsi alors apres avant aussi autre autres
bien car chaque contre depuis deux donc encore entre fait faire fois ici jusqu jusque la leur
lors moins non nouveau nouvelle nouvelles nouveaux peu plus plusieurs pendant selon sans sous
tous tout toute toutes tres trois vers via deja ans an annee annees jour jours hier aujourd hui
lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet
aout septembre octobre novembre decembre dit selon
"""

_IT = """
a ad al allo ai agli all alla alle con col coi da dal dallo dai dagli dall dalla dalle di del
dello dei degli dell della delle in nel nello nei negli nell nella nelle su sul sullo sui sugli
sull sulla sulle per tra fra il lo la i gli le un uno una e ed o ma se che chi cui non come dove
quando anche piu gia ancora nessuno ogni altro altri altre sono sei e siamo siete era erano
essere stato stata stati state ha
hanno ho abbiamo avete aveva avevano questo questa questi queste quello quella quelli quelle suo
sua suoi sue loro mio mia tuo tua nostro nostra ci si ne mi ti vi lui lei noi voi essi esse
molto tutto tutti tutte poi dopo prima anni anno oggi ieri secondo due tre
"""

_ES = """
a al ante bajo con contra de del desde durante en entre hacia hasta mediante para por segun sin
sobre tras el la lo los las un una unos unas y e o u ni que quien quienes cual cuales como cuando
donde porque pero sino mas ya muy tambien es son fue fueron ser sido estar esta estan estaba ha han
habia hay se su sus le les me te nos os mi tu yo el ella ellos ellas nosotros este esta estos estas
ese esa esos esas aquel todo todos toda todas otro otra otros otras dos tres ano anos dijo
"""

_DE = """
der die das den dem des ein eine einer eines einem einen und oder aber auch als an auf aus bei bis
durch fur gegen im in ins mit nach ohne uber um unter von vor zu zum zur ist sind war waren wird
werden wurde wurden hat haben hatte hatten sein seine ihr ihre er sie es wir ihr sich nicht noch
nur schon so wie was wer wo dass daß ob wenn dann denn doch man mehr sehr kann konnen muss soll
dieser diese dieses jahr jahre zwei drei sagte
"""

_PT = """
a ao aos as o os um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas para
com sem sobre entre e ou mas que quem qual como quando onde porque se seu sua seus suas ele ela
eles elas foi sao ser estar esta estao tem ter ha mais muito tambem ja ano anos disse
"""

_NL = """
de het een en van in op te dat die is was zijn voor met niet aan er maar om ook als bij of uit
nog naar door over ze zich hij zij wij jullie heeft hebben werd worden wordt al dan kan
"""

_ELIDED = "qu dell dall nell sull all un c d j l m n s t"

STOPWORDS: frozenset[str] = frozenset(
    [w for block in (_EN, _FR, _IT, _ES, _DE, _PT, _NL) for w in block.split()]
    + [e + mark for e in _ELIDED.split() for mark in ("'", "’")]
)
