"""French places: every commune of France, and a short list of big cities.

Two layers:

- :data:`CITY_RE`, a regular expression over about 400 big cities, finds a city typed in lower
  case and without accents ("a st etienne", "sur bordeaux");
- the gazetteer of the 34,969 current communes (INSEE's Code officiel géographique, shipped in
  ``data/communes.tsv.gz`` under the Licence Ouverte, see ``data/COMMUNES-LICENCE.md``) tells
  whether a name is a commune at all (:func:`commune`), and :func:`city_spans` finds the
  communes a text names, so a city is never read as a trade ("à Mâcon" is not a maçon) nor as a
  business name.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from allokoli.understanding.normalize import fold

__all__ = [
    "CITY_RE",
    "CitySpan",
    "Commune",
    "canonical_city",
    "city_spans",
    "commune",
    "commune_key",
    "commune_or_short",
]

_CITIES = """
Paris|Marseille|Lyon|Toulouse|Nice|Nantes|Montpellier|Strasbourg|Bordeaux|Lille|Rennes|Reims
|Toulon|Saint-Étienne|Le Havre|Grenoble|Dijon|Angers|Nîmes|Villeurbanne|Clermont-Ferrand
|Le Mans|Aix-en-Provence|Brest|Tours|Amiens|Limoges|Annecy|Perpignan|Boulogne-Billancourt|Metz
|Besançon|Orléans|Saint-Denis|Argenteuil|Rouen|Mulhouse|Montreuil|Caen|Nancy|Roubaix|Tourcoing
|Nanterre|Vitry-sur-Seine|Avignon|Créteil|Dunkerque|Poitiers|Asnières-sur-Seine|Versailles
|Colombes|Aubervilliers|Aulnay-sous-Bois|Courbevoie|Cherbourg|Rueil-Malmaison|Pau
|Champigny-sur-Marne|Béziers|La Rochelle|Calais|Saint-Maur-des-Fossés|Antibes|Cannes|Colmar
|Mérignac|Saint-Nazaire|Ajaccio|Bastia|Drancy|Issy-les-Moulineaux|Noisy-le-Grand
|Levallois-Perret|Quimper|Valence|Troyes|Neuilly-sur-Seine|Villeneuve-d'Ascq|Antony
|La Seyne-sur-Mer|Pessac|Ivry-sur-Seine|Clichy|Chambéry|Lorient|Niort|Sarcelles|Montauban
|Vénissieux|Saint-Quentin|Villejuif|Hyères|Beauvais|Cholet|Épinay-sur-Seine|Pantin|Bondy
|Fréjus|Maisons-Alfort|Chelles|Évry|Fontenay-sous-Bois|Vannes|La Roche-sur-Yon|Arles|Clamart
|Narbonne|Annemasse|Sartrouville|Grasse|Laval|Belfort|Bayonne|Évreux|Vincennes|Montrouge
|Sevran|Albi|Charleville-Mézières|Suresnes|Martigues|Corbeil-Essonnes|Saint-Ouen|Bobigny
|Cagnes-sur-Mer|Saint-Malo|Blois|Brive-la-Gaillarde|Meaux|Carcassonne|Chalon-sur-Saône
|Châlons-en-Champagne|Angoulême|Agen|Périgueux|Tarbes|Bourges|Auxerre|Nevers|Mâcon|Chartres
|Alès|Sète|Biarritz|Arcachon|Montélimar|Gap|Lens|Douai|Valenciennes|Arras|Saint-Brieuc|Vichy
|Roanne|Villefranche-sur-Saône|Bourg-en-Bresse|Vienne|Thonon-les-Bains|Aurillac|Rodez|Cahors
|Mont-de-Marsan|Dax|Saint-Tropez|Menton|Draguignan|Salon-de-Provence|Aubagne|Istres|Vitrolles
|Oullins|Bron|Caluire-et-Cuire|Écully|Saint-Priest|Vaulx-en-Velin|Décines|Meyzieu
|Rillieux-la-Pape|Sainte-Foy-lès-Lyon|Saint-Germain-en-Laye|Fontainebleau|Compiègne|Senlis
|Cergy|Pontoise|Melun|Saint-Herblain|Rezé|Saint-Sébastien-sur-Loire|Lorient|Lannion|Morlaix
|Saint-Lô|Alençon|Lisieux|Deauville|Honfleur|Dieppe|Fécamp|Épinal|Thionville|Haguenau
|Sélestat|Saverne|Montbéliard|Dole|Lons-le-Saunier|Pontarlier|Le Puy-en-Velay|Moulins
|Montluçon|Guéret|Tulle|Bergerac|Libourne|Arcachon|Saintes|Rochefort|Royan|Cognac|Châtellerault
|Castres|Millau|Figeac|Auch|Foix|Lourdes|Anglet|Hendaye|Saint-Jean-de-Luz|Orange|Carpentras
|Cavaillon|Manosque|Digne-les-Bains|Briançon|Embrun|Sisteron|Ollioules|La Ciotat|Cassis
|Hyères|Saint-Raphaël|Mandelieu|Vallauris|Villeneuve-Loubet|Saint-Laurent-du-Var|Monaco
|Porto-Vecchio|Calvi|Corte|Bastia|Lunel|Agde|Lodève|Millau|Mende|Privas|Aubenas
|Annonay|Romans-sur-Isère|Voiron|Échirolles|Saint-Martin-d'Hères|Meylan|Chamonix|Albertville
|Aix-les-Bains|Cluses|Sallanches|Évian-les-Bains|Bourgoin-Jallieu|Villefranche|Givors|Tarare
|Saint-Chamond|Firminy|Montbrison|Villeneuve-sur-Lot|Marmande|Périgueux|Sarlat|Épernay|Sedan
|Soissons|Laon|Saint-Omer|Boulogne-sur-Mer|Le Touquet|Abbeville|Maubeuge|Cambrai|Armentières
|Villeneuve-Saint-Georges|Massy|Palaiseau|Orsay|Les Ulis|Étampes|Rambouillet|Mantes-la-Jolie
|Poissy|Conflans-Sainte-Honorine|Saint-Cloud|Sèvres|Meudon|Vanves|Malakoff|Bagneux|Châtillon
|Fontenay-aux-Roses|Sceaux|Bourg-la-Reine|Le Kremlin-Bicêtre|Gentilly|Arcueil|Cachan
|Charenton-le-Pont|Saint-Mandé|Nogent-sur-Marne|Le Perreux-sur-Marne|Rosny-sous-Bois
|Noisy-le-Sec|Romainville|Les Lilas|Bagnolet|Le Pré-Saint-Gervais|Clichy-sous-Bois|Livry-Gargan
|Le Blanc-Mesnil|Bondy|Gonesse|Garges-lès-Gonesse|Enghien-les-Bains|Montmorency|Ermont
|Franconville|Taverny|Bezons|Houilles|Chatou|Le Vésinet|Le Pecq|Marly-le-Roi|Plaisir|Trappes
|Guyancourt|Montigny-le-Bretonneux|Élancourt|Vélizy-Villacoublay|Boulogne|Neuilly|Levallois
"""


def _display_names() -> list[str]:
    names = [n.strip() for n in _CITIES.replace("\n", "").split("|") if n.strip()]
    return list(dict.fromkeys(names))


_BY_KEY: dict[str, str] = {}
for _name in _display_names():
    _key = re.sub(r"[-\s]+", " ", fold(_name)).replace("saint ", "st ").replace("sainte ", "ste ")
    _BY_KEY[_key] = _name


def _pattern(key: str) -> str:
    words = key.split(" ")
    out = []
    for w in words:
        if w == "st":
            out.append(r"(?:saint|st\.?)")
        elif w == "ste":
            out.append(r"(?:sainte|ste\.?)")
        else:
            out.append(re.escape(w))
    return r"[-\s]+".join(out)


CITY_RE = re.compile(
    r"\b(?:" + "|".join(_pattern(k) for k in sorted(_BY_KEY, key=len, reverse=True)) + r")\b(?!-)"
)
"""Matches a known city in folded (lower-case, accent-free) text."""


def canonical_city(folded_match: str) -> str | None:
    """Display name for a match of :data:`CITY_RE`."""
    key = re.sub(r"[-\s]+", " ", folded_match.strip())
    key = re.sub(r"\bsaint\b", "st", key)
    key = re.sub(r"\bsainte\b", "ste", key)
    key = key.replace("st.", "st").replace("ste.", "ste")
    return _BY_KEY.get(key) or (found.name if (found := commune(folded_match)) else None)


# --- the gazetteer of communes -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Commune:
    name: str
    """Official spelling, accents and hyphens included ("Saint-Étienne", "Mâcon")."""
    postcode: str
    departement: str
    population: int
    postcodes: tuple[str, ...] = ()
    """Every postcode of the commune (« 31000 » to « 31500 » for Toulouse)."""


_KEY_SPACES_RE = re.compile(r"[-\s'’]+")
_SAINT_RE = re.compile(r"\bsaint(e?)\b")


def _folded_key(folded: str) -> str:
    return _SAINT_RE.sub(r"st\1", _KEY_SPACES_RE.sub(" ", folded).strip())


@lru_cache(maxsize=32768)
def commune_key(name: str) -> str:
    """The gazetteer's lookup key: lower case, no accents, "saint" as "st", single spaces."""
    return _folded_key(unidecode(name).lower())


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, Commune], ...]:
    """(folded key, commune) for every commune of the gazetteer (loaded once, about 40 ms)."""
    data = resources.files("allokoli.understanding").joinpath("data/communes.tsv.gz").read_bytes()
    rows: list[tuple[str, Commune]] = []
    # the lookup key is computed when the file is built (tools/build_communes.py): folding
    # 35,000 names here would cost most of a second at every start
    for line in gzip.decompress(data).decode("utf-8").splitlines()[1:]:
        key, name, postcode, dep, population, postcodes = line.split("\t")
        codes = tuple(postcodes.split())
        rows.append((key, Commune(name, postcode, dep, int(population or 0), codes)))
    return tuple(rows)


@lru_cache(maxsize=1)
def _communes() -> dict[str, Commune]:
    """Folded key → the most populated commune of that name."""
    out: dict[str, Commune] = {}
    for key, item in _rows():
        if key not in out or out[key].population < item.population:
            out[key] = item
    return out


@lru_cache(maxsize=1)
def _areas() -> dict[str, str]:
    """Folded key → official name of every département and région (data/areas.tsv)."""
    data = resources.files("allokoli.understanding").joinpath("data/areas.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in data.splitlines()[1:]:
        _kind, _code, name = line.split("\t")
        out[commune_key(name)] = name
    return out


def area_name(name: str) -> str | None:
    """The official name of the département or région ``name`` spells (« isere » → « Isère »,
    « Seine-Saint-Denis »), or None. A town of that name (Paris, Vienne) is left to the
    communes; a village (Bretagne, in the Territoire de Belfort) is not."""
    key = commune_key(name.strip(" .,;:!?()"))
    found = _areas().get(key)
    town = _communes().get(key)
    return None if found is None or (town is not None and town.population >= 10_000) else found


_SHORT_NAME_RE = re.compile(
    r"^(.+?) (?:sur|sous|de|des|du|d|en|la|le|les|lez|l|pres|aux|et) "
    # « Lançon-Provence », « Bagnols-sur-Cèze »: a first word of its own
    r"|^([a-z]{4,}) [a-z]{4,}$"
    # « Menthon » for Menthon-Saint-Bernard, « Pont » for Pont-Sainte-Maxence (folded « st »)
    r"|^([a-z]{4,}) (?:st|ste) [a-z]+$"
    # « La Baule » for La Baule-Escoublac: the article and the first word
    r"|^((?:la|le|les|l) [a-z]{4,}) [a-z]{4,}$"
)


#: A town called by its article and first word (« La Baule ») has at least this many inhabitants.
_ARTICLE_SHORT_TOWN = 10_000


@lru_cache(maxsize=1)
def _short_names() -> dict[str, Commune]:
    """« Villefranche », « Cagnes », « Saint-Pol »: the first part of a compound name, as people
    say it, → the most populated commune it begins."""
    out: dict[str, Commune] = {}
    for key, item in _communes().items():
        m = _SHORT_NAME_RE.match(key)
        if m is None:
            continue
        if m.group(4) and item.population < _ARTICLE_SHORT_TOWN:
            continue  # « l'Hôpital », « la Bastide »: common nouns before a village's name
        short = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        if short not in out or out[short].population < item.population:
            out[short] = item
    return out


#: A misspelt town is only recognised among towns at least this large…
_MISSPELT_TOWN = 20_000
#: …and for a word at least this long (one letter off « Montpellier », not « Sens »).
_MISSPELT_LENGTH = 7


@lru_cache(maxsize=1)
def _large_towns() -> dict[str, Commune]:
    return {k: c for k, c in _communes().items() if c.population >= _MISSPELT_TOWN}


@lru_cache(maxsize=2048)
def misspelt_town(word: str) -> Commune | None:
    """The large town a word is one letter away from (« Montpelier », « Perpigan »), when the
    word is no commune itself and exactly one large town is that close."""
    key = commune_key(word)
    if len(key) < _MISSPELT_LENGTH or key in _communes():
        return None
    close = [
        c
        for k, c in _large_towns().items()
        if abs(len(k) - len(key)) <= 1 and Levenshtein.distance(k, key, score_cutoff=1) <= 1
    ]
    return close[0] if len(close) == 1 else None


@lru_cache(maxsize=1)
def _by_postcode() -> dict[str, list[Commune]]:
    out: dict[str, list[Commune]] = {}
    for _key, item in _rows():
        for code in item.postcodes or (item.postcode,):
            out.setdefault(code, []).append(item)
    for items in out.values():
        items.sort(key=lambda c: -c.population)
    return out


def commune_of_postcode(postcode: str) -> Commune | None:
    """The commune a postcode stands for: its only one, or the one that clearly dominates it
    (twice the inhabitants of the next); « 69002 » is Lyon, « 31300 » Toulouse."""
    items = _by_postcode().get(postcode) or []
    if not items:
        return None
    if len(items) == 1 or items[0].population >= 2 * items[1].population:
        return items[0]
    return None


def commune_or_short(name: str) -> Commune | None:
    """The commune called ``name``, or the compound commune people call by its first part
    (« Cagnes » for Cagnes-sur-Mer, « Saint-Pol » for Saint-Pol-de-Léon)."""
    if not name or len(name) > 60:
        return None
    key = commune_key(name)
    exact, short = _communes().get(key), _short_names().get(key)
    if exact is None or short is None:
        return exact or short
    # « Salon », « Cournon »: the town people mean is the larger one (Salon-de-Provence,
    # Cournon-d'Auvergne), not the village of that exact name
    return short if short.population > 10 * exact.population else exact


def commune(name: str) -> Commune | None:
    """The commune called ``name`` (any case, with or without accents), or None."""
    if not name or len(name) > 60:
        return None
    return _communes().get(commune_key(name))


@dataclass(frozen=True, slots=True)
class CitySpan:
    start: int
    end: int
    name: str
    """The commune's official spelling."""


#: Words after which a commune name is a place: "à Mâcon", "sur Tours", "près de Sens".
_PLACE_CUE_RE = re.compile(
    r"(?:\b(?:a|au|sur|dans|vers|pres de|proche de|autour de|region de|secteur de|cote de"
    r"|commune de|ville de|centre de|centre-ville de|de|d|en)|\d{5})[\s']*$"
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MAX_WORDS = 6


#: A town this large is the town even when its name is a word (« a tours », « a orange »).
_WORD_TOWN = 10_000
#: A town this size is read in lower case without a cue, when none of its words is French.
_BARE_TOWN = 5_000
_SHORT_WORDS = frozenset(["st", "ste", "le", "la", "les", "sur", "en", "de", "du", "des"])
#: After these, a word is a noun or an attribute (« en ligne », « je suis macon »), not a town.
_NOT_BEFORE_TOWN = frozenset(
    [
        "de",
        "d",
        "du",
        "des",
        "en",
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "au",
        "aux",
        "et",
        "ou",
        "pour",
        "par",
        "avec",
        "sans",
        "suis",
        "es",
        "est",
        "sommes",
        "etes",
        "sont",
        "c",
        "je",
        "j",
        "tu",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "ils",
        "elles",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "son",
        "sa",
        "notre",
        "votre",
        "leur",
        "ce",
        "cette",
        "cet",
        "tres",
        "plus",
        "trop",
        "pas",
    ]
)


def _common_word(chunk: str) -> bool:
    """A lower-case word of the French dictionary (« ongles », « chats »)."""
    if not chunk.islower() or " " in chunk:
        return False
    from allokoli.understanding.nlp import is_lexicon_word  # the pipeline imports this module

    return is_lexicon_word(chunk)


def city_spans(text: str) -> list[CitySpan]:
    """The communes named in ``text``, as character spans of ``text``.

    A run of words is a commune when the gazetteer knows it and either a place cue precedes it
    ("à", "sur", "près de", a postcode…), or it is written with its capital and official
    accents and is not the first word of a sentence ("Mâcon" is a city, "Maçon" a trade; "Bar à
    cocktails" opening a sentence is a bar). The longest match wins ("Bourg-en-Bresse", not
    "Bourg")."""
    words = list(_WORD_RE.finditer(text))
    spans: list[CitySpan] = []
    i = 0
    while i < len(words):
        found: CitySpan | None = None
        for j in range(min(len(words), i + _MAX_WORDS), i, -1):
            start, end = words[i].start(), words[j - 1].end()
            chunk = text[start:end]
            if j - i > 1 and re.search(r"[.,;:!?()\n]", chunk):
                continue
            place = commune(chunk)
            if place is None:
                continue
            before = fold(text[max(0, start - 25) : start])
            cued = bool(_PLACE_CUE_RE.search(before))
            first_word = not text[:start].strip() or text[:start].rstrip()[-1:] in ".!?\n"
            if cued and before.rstrip().endswith(("de", "d", "en")) and not chunk[:1].isupper():
                cued = False  # "salon de coiffure", "en ligne": lower-case words after de/en
            elif cued and _common_word(chunk) and place.population < _WORD_TOWN:
                cued = False  # "bar à ongles", "bar à chats": a word, not the village
            exact = chunk[:1].isupper() and _spelling(chunk) == _spelling(place.name)
            # « salle de sport fitzone evreux », « taxi julien dax »: in lower case and without
            # a cue, a town of some size whose words are no French word is still that town
            previous = re.findall(r"[a-z]+", before)[-1:]
            bare_town = (
                chunk.islower()
                and not first_word
                and not (previous and previous[0] in _NOT_BEFORE_TOWN)
                and place.population >= _BARE_TOWN
                and not any(
                    _common_word(w) or w in _SHORT_WORDS for w in re.split(r"[\s'’-]+", chunk)
                )
            )
            if cued or (exact and not first_word) or bare_town:
                found = CitySpan(start, end, place.name)
                i = j
                break
        if found is not None:
            spans.append(found)
        else:
            i += 1
    return spans


def _spelling(name: str) -> str:
    """Accents kept, case, hyphens and saint/st ignored ("saint-etienne" ≠ "Saint-Étienne")."""
    low = re.sub(r"[-\s'’]+", " ", name.lower()).strip()
    return re.sub(r"\bsaint\b", "st", re.sub(r"\bsainte\b", "ste", low))
