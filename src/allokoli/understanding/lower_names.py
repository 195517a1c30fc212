"""Company names typed in lower case (SMS style), read from the shape of a clause.

With no capital to mark it, a name still has a shape: it follows the trade word it belongs to
(« friterie la frite doree a dunkerque », « bar tabac pmu le balto », « pharmacie du port »,
« coiffure mixte chez sandra »), or it stands as a clause of its own beside the trade
(« istanbul grill, kebab a villeurbanne », « …, pizza nono, a bastia »). What makes it a name
rather than a description is that it ends its clause (or stops before the town) and that at
least one of its words is not an ordinary French word: the lemmatizer's French dictionary
(:func:`allokoli.understanding.nlp.is_lexicon_word`) has « frite », « port » and « grill », but
not « balto », « nono » or « istanbul ». A clause naming a person (« sophie martin, plombier »)
is told apart by spaCy's entities on the same words with capitals.

Each shape yields a candidate with a base score, weighed with every other source by
:mod:`allokoli.understanding.names`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, product
from math import prod

import numpy as np

from allokoli.domain.profile import WEEKDAYS
from allokoli.understanding.nlp import (
    entities,
    is_function_word,
    is_lexicon_word,
    tags,
    text_vector,
    word_vector,
)
from allokoli.understanding.normalize import fold, words_to_digits
from allokoli.understanding.persons import person_word

__all__ = ["LOWER_LEGAL_FORMS", "dictionary_word", "lower_case_names"]

Candidate = tuple[str, float, str]

# a decimal point (« coach matt 2.0 ») ends no clause
_CLAUSE_RE = re.compile(r"(?:[^,;.!?\n()\[\]—–:+/«»\"“”]|(?<=\d)\.(?=\d))+")
_TOKEN_RE = re.compile(r"[^\W_](?:[\w'’&-]|(?<=\d)\.(?=\d))*")


# what opens a clause without being part of a name: greetings, « ns c », « on est », « c'est »
def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FILLER = _wordset(
    "slt salut bjr bonjour bsr bonsoir cc coucou hello hey yo alors donc bon euh voila voici ici "
    "ns nous on c c' c'est cest est sommes moi et mais une un jsuis jsui chui chuis"
)
_ARTICLES = frozenset(["le", "la", "les", "l'", "l’", "the"])
_DEFINITE_OF = frozenset(["du", "des", "d'", "d’"])
_OF = frozenset(["de", "du", "des", "d'", "d’"])
# « sarl batirenov »: a legal form, then the name
_LEGAL_FORMS = frozenset(["sarl", "sas", "sasu", "eurl", "ets", "etablissements", "scop", "sci"])
LOWER_LEGAL_FORMS = _LEGAL_FORMS
# where a name stops: a preposition before the town, what the business does, when it opens
_STOPS = _wordset(
    "a à au aux sur en dans vers pres près depuis pour avec qui que ouvert ouverte ouverts "
    "ouvre fermé ferme ferme fermee situe situé situee située on nous je j' jsuis et ou mais "
    "tel tél 7j 7j/7 24h par chez de ds pr"
)
# after an article, what tells when or how, not what the business is called
_NOT_AFTER_ARTICLE = frozenset(
    [
        *WEEKDAYS,
        *(f"{d}s" for d in WEEKDAYS),
        *_wordset(
            "soir soirs matin matins midi midis aprem apres-midi journee journees nuit nuits "
            "semaine semaines weekend week-end week we mois annee annees an ans ete hiver "
            "printemps automne reste plus moins meme memes tout tous toute toutes mieux "
            "meilleur meilleure meilleurs particuliers professionnels pros clients cliente "
            "clientes gens enfants adultes animaux jours heures rdv lendemain veille"
        ),
    ]
)
# « boulangerie du coin »: where it is, not a name
_VAGUE_PLACES = _wordset(
    "coin quartier village ville centre-ville region secteur departement agglo alentours "
    "environs coin-la zone zi za zac"
)
# « restaurant des familles », « salon des mariees »: whom it serves, when the word lies near
# these in the vector space
_PEOPLE = "client enfant famille gens personne femme homme adulte"
_PEOPLE_LIKE = 0.42
_PRONOUNS = _wordset(
    "moi toi lui elle nous vous eux soi mes mon ma nos notre vos votre ses son sa leurs leur "
    "le la les l' l un une des particuliers professionnels pros clients vous-meme"
)
# places with a sign over the door: a name may follow them (« pharmacie du port »), whereas
# what follows a service (« gestion du stress », « soins du visage ») is what it does
_ESTABLISHMENTS = frozenset(
    fold(w)
    for w in _wordset(
        "agence atelier auberge bar bistrot boutique brasserie cabinet café camping cave centre "
        "chambres clinique club crèche domaine école ehpad entreprise épicerie ferme garage gîte "
        "hôtel institut kebab laverie magasin maison pharmacie pizzeria pressing pub refuge "
        "relais resto restaurant salle salon snack société studio tabac friterie shop store"
    )
)
# agent nouns name a person doing the trade (« plombier du Var »), not a place with a sign
_AGENT_NOUN_RE = re.compile(r"(?:eur|euse|ier|iere|ien|ienne|iste|trice|teur|logue|ant|ante)s?$")


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return fold(self.text)


def lower_case_names(
    text: str, trades: frozenset[str], is_place: Callable[[str], bool]
) -> list[Candidate]:
    """Candidate names typed in lower case, each with a base score and its source."""
    # « a cote de chateauroux (36), les 4 pattes du bocage »: the department's number goes with
    # its town, no clause of its own
    text = _DEPARTMENT_RE.sub(lambda m: " " * len(m.group(0)), text)
    clauses = [_tokens(m.group(0), m.start()) for m in _CLAUSE_RE.finditer(text)]
    clauses = [c for c in clauses if c]
    capitals = _writes_capitals(text)
    out: list[Candidate] = []
    if not capitals and clauses:
        greeted = _greeted(text, clauses, trades, is_place)
        if greeted is not None:
            out.append(greeted)
        said = _said_last(text, trades, is_place)
        if said is not None:
            out.append(said)
        out.extend(_at_whose(clauses, trades, is_place, text))
    for index, clause in enumerate(clauses):
        body = _without_filler(clause)
        if not body:
            continue
        led_by_filler = len(body) < len(clause)
        out.extend(_after_trade(text, body, trades, is_place, led_by_filler, index == 0, capitals))
        if capitals:
            continue  # a writer who spells names with capitals typed none on this one
        if not capitals:
            previous = clauses[index - 1] if index > 0 else []
            following = clauses[index + 1] if index + 1 < len(clauses) else []
            # « …a douai, iron gym douai », « food truck de tacos, el camion loco, base a
            # montpellier »: the clause next to where it is
            before_town = _placed(following, is_place)
            after_town = _ends_on_town(previous, is_place) or before_town
            signature = _signature(
                text,
                body,
                trades,
                is_place,
                after_town=after_town,
                strict=before_town and not _ends_on_town(previous, is_place),
            )
            if signature is not None:
                out.append(signature)
                continue
        if index == 0 or (index == 1 and not _without_filler(clauses[0])):
            neighbours = clauses[max(0, index - 1) : index] + clauses[index + 1 : index + 2]
            beside = any(_trade(t, trades) or _agent(t) for c in neighbours for t in c)
            found = _standalone(text, body, trades, is_place, beside)
            if found is not None:
                out.append(found)
    return out


#: « …, c'est taxi cantal express », « le truck c'est big bun's »: « c'est » then the sign,
#: closing the SMS
_DEPARTMENT_RE = re.compile(r"\(\s*\d{2,3}\s*\)")
_SAID_LAST_RE = re.compile(
    r"(?:^|[\s,.;:!?])c['’]?\s?est\s+(?P<sign>[\w'’&-]+(?:\s+[\w'’&-]+){0,3})\s*[.!]*\s*$"
    # or a sentence of its own, « c » for « c'est » (« …et pau. c traiteur lasserre. besoin… »)
    r"|(?:^|[.!?]\s+)c(?:['’]?\s?est)?\s+(?P<own>[\w'’&-]+(?:\s+[\w'’&-]+){0,3})\s*[.!]+\s"
)


def _said_last(
    text: str, trades: frozenset[str], is_place: Callable[[str], bool]
) -> Candidate | None:
    """An SMS typed in lower case that ends on « c'est » and a sign: at least half of its
    words, the trade aside, are no French words (« cantal express », « big bun's »)."""
    m = _SAID_LAST_RE.search(text)
    if m is None or len(_TOKEN_RE.findall(text[: m.start()])) < 4:
        return None  # the whole message (« c'est good », « c'est soixante-dix-neuf »): an answer
    group = "sign" if m.group("sign") is not None else "own"
    if re.search(r"\d", words_to_digits(m.group(group))):
        return None  # « le dernier c'est soixante-dix-neuf »: a number said in words
    body = _tokens(m.group(group), m.start(group))
    if not body or not _lower(body) or body[0].folded in _STOPS or body[0].folded in _ARTICLES:
        return None
    words = [t for t in body if not _trade(t, trades)]
    odd = [t for t in words if t.text.isdigit() or not _ordinary(t) or _coined_lower(t)]
    if not words or 2 * len(odd) < len(words) or is_place(m.group(group)):
        return None
    if _person(text, body):
        return None  # « c'est nadia »: the owner
    return (_title(_span(text, body)), 0.7, "cest")


def _at_whose(
    clauses: list[list[_Token]],
    trades: frozenset[str],
    is_place: Callable[[str], bool],
    text: str,
) -> list[Candidate]:
    """A clause of its own that opens on « chez » in an SMS: the place's sign (« …, chez ali
    snack, … », « chez ti pain doré »), a person's place (« chez fatou »), not a whereabouts
    (« chez vous », « chez le client »)."""
    out: list[Candidate] = []
    for clause in clauses:
        if len(clause) < 2 or clause[0].folded != "chez" or len(clause) > 5:
            continue
        rest = _before_town(clause[1:], is_place)  # « chez nono a st brieuc »
        if (
            rest[0].folded in _STOPS
            or rest[0].folded in _ARTICLES
            or is_function_word(rest[0].text)
        ):
            continue  # « chez vous », « chez le client », « chez moi »
        if _people(rest[0]) or is_place(" ".join(t.text for t in rest)):
            continue  # « chez les particuliers », « chez lyon »
        if len(rest) == 1 and (
            is_function_word(rest[0].text) or rest[0].folded in _PRONOUNS or _people(rest[0])
        ):
            continue  # « chez soi » (but « chez toto », « chez mamie » are places' names)
        spelled = _span(text, rest)
        if len(rest) == 1:
            out.append((f"Chez {_title(spelled)}", 0.7, "welcome"))
        else:
            out.append((_title(spelled), 0.7, "welcome"))
    return out


def _ends_on_town(clause: list[_Token], is_place: Callable[[str], bool]) -> bool:
    """The clause ends on a town placed with « à », « sur »… (« a douai », « a st denis »,
    « a evry courcouronnes »)."""
    if len(clause) > 3 and clause[-2].folded == "et" and clause[-1].folded in _AROUND:
        clause = clause[:-2]  # « a pau et alentours »
    for size in (1, 2, 3, 4):
        if len(clause) <= size or clause[-size - 1].folded not in _TOWN_CUES | _OF:
            continue
        cue = clause[-size - 1].folded
        name = re.sub(r"(['’])\s+", r"\1", " ".join(t.text for t in clause[-size:]))
        # « a villeneuve sur lot » (not « lot »), « aux sables d'olonne » (Les Sables-d'Olonne)
        if is_place(name) or (cue in _ARTICLED_CUES and is_place(f"{_ARTICLED_CUES[cue]} {name}")):
            return True
    return False


_AROUND = frozenset(["alentours", "environs", "autour", "agglo", "agglomeration"])
#: « au Mans », « aux Sables-d'Olonne »: the cue holds the town's article
_ARTICLED_CUES = {"au": "le", "aux": "les"}


_PLACED = _wordset(
    "base basee bases basees situe situee situes installe installee installes implante implantee"
)


def _placed(clause: list[_Token], is_place: Callable[[str], bool]) -> bool:
    """The clause says where the business is, and nothing else: « base a montpellier »,
    « sur nantes »."""
    body = clause[1:] if clause and clause[0].folded in _PLACED else clause
    return bool(body) and body[0].folded in _TOWN_CUES and _ends_on_town(body, is_place)


def _nominal(body: list[_Token]) -> bool:
    """Words shaped as a noun phrase: no adverb or pronoun to open them (« pas de … »), no
    verb after the first word (« les gens adorent ça »)."""
    found = tags(" ".join(t.text for t in body))
    if not found or found[0].pos in ("ADV", "PRON"):
        return False
    return not any(tag.pos in ("VERB", "AUX") for tag in found[1:])


def _capitalised(token: _Token) -> bool:
    """« Narval »: a capital, then lower case."""
    return token.text[:1].isupper() and token.text[1:].islower()


def _writes_capitals(text: str) -> bool:
    """The writer spells names with capitals: the text opens on one, and a word inside a
    sentence has one (« …, à côté de Vienne »). Words in lower case are then words, not a name
    (« Brocante, meubles vintage, … »); an SMS typed all in lower case has neither."""
    opening = re.search(r"[^\W\d_]", text)
    if opening is None or not opening.group(0).isupper():
        return False
    inside = re.search(r"(?<![.!?\n])(?<![.!?\n]\s)\b[A-ZÀ-Ý][a-zà-ÿ]", text[opening.end() :])
    return inside is not None


def _tokens(clause: str, offset: int) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN_RE.finditer(clause):
        word, start = m.group(0), offset + m.start()
        elided = re.match(r"([lLdDcCjJ])['’](?=\w)", word)
        if elided is not None:  # « l'atelier »: the article, then the word
            out.append(_Token(word[:2], start, start + 2))
            word, start = word[2:], start + 2
        out.append(_Token(word, start, start + len(word)))
    return out


def _without_filler(clause: list[_Token]) -> list[_Token]:
    at = 0
    while at < len(clause) and clause[at].folded in _FILLER:
        at += 1
    return clause[at:]


def _establishment(token: _Token) -> bool:
    word = token.folded
    # « boulangerie », « creperie » typed without its accent, « mercerie »
    return word in _ESTABLISHMENTS or (word.endswith("erie") and len(word) >= 7)


def _trade(token: _Token, trades: frozenset[str]) -> bool:
    return token.folded in trades and not is_function_word(token.text.lower())


def _lower(tokens: list[_Token]) -> bool:
    return all(not t.text[:1].isupper() for t in tokens)


def _ordinary(token: _Token) -> bool:
    """A word of the French dictionary, or a number, or a function word: typed without its
    accents too (« doree », « electriques », « eleve » are « dorée », « électriques », « élève »:
    an SMS drops accents, which does not make a word a name)."""
    word = token.text.lower()
    return word.isdigit() or is_function_word(word) or dictionary_word(word)


# the accents an SMS leaves out, letter by letter (« e » is most often « é »)
_ACCENTED = {"e": "eéèê", "a": "aàâ", "i": "iîï", "o": "oô", "u": "uûù", "c": "cç"}
_MAX_SPELLINGS = 256


@lru_cache(maxsize=16384)
def dictionary_word(word: str) -> bool:
    """``word`` or one of its accented spellings is in the lemmatizer's French dictionary."""
    if is_lexicon_word(word):
        return True
    if word != fold(word) or not word.isalpha():
        return False  # typed with its accents (or with a digit): as typed it is not a word
    for choices in ({"e": _ACCENTED["e"]}, _ACCENTED):  # the « e » alone first: far fewer
        options = [choices.get(c, c) for c in word]
        if prod(len(o) for o in options) > _MAX_SPELLINGS:
            continue
        if any(is_lexicon_word("".join(s)) for s in product(*options) if "".join(s) != word):
            return True
    return False


def _tail(
    tokens: list[_Token],
    is_place: Callable[[str], bool],
    limit: int = 3,
    *,
    stop_at: Callable[[_Token], bool] | None = None,
) -> int:
    """How many tokens form the name from the start of ``tokens``: up to a stop word, a town
    or ``limit`` words; 0 when more words follow that are not a stop (the clause goes on),
    or when « de » follows (« la place de l'Hôtel de Ville »: a longer phrase goes on)."""
    count = 0
    for at, token in enumerate(tokens):
        if at and token.folded in _OF:
            return 0
        if token.folded in _STOPS or (
            at and (is_place(token.text) or (stop_at and stop_at(token)))
        ):
            break
        count += 1
        if count > limit:
            return 0
    return count


def _title(words: list[str]) -> str:
    return " ".join(
        w
        if i and fold(w) in ("de", "du", "des", "la", "le", "les", "et")
        else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _span(text: str, tokens: list[_Token]) -> list[str]:
    return text[tokens[0].start : tokens[-1].end].split()


def _after_trade(
    text: str,
    body: list[_Token],
    trades: frozenset[str],
    is_place: Callable[[str], bool],
    led_by_filler: bool,
    opening: bool,
    capitals: bool,
) -> list[Candidate]:
    """« friterie la frite doree », « pharmacie du port », « coiffure mixte chez sandra »,
    « pizza nono »: a name right after its trade word, ending its clause or before the town.
    When the writer spells names with ``capitals``, only a name holding one is read (« refuge
    du Lac Noir »), and the legal form's."""
    out: list[Candidate] = []
    for at, token in enumerate(body):
        word = token.folded
        before = body[max(0, at - 3) : at]
        trade_before = any(_trade(t, trades) for t in before)
        rest = body[at + 1 :]
        if capitals and word not in _LEGAL_FORMS | _DEFINITE_OF | {"de"}:
            continue
        if word == "chez" and (trade_before or (at == 0 and led_by_filler)):
            n = _tail(rest, is_place, stop_at=lambda t: _trade(t, trades))
            name = rest[:n]
            if (
                name
                and _lower(name)
                and name[0].folded not in _PRONOUNS
                and not (name[0].folded.endswith(("s", "x")) and _ordinary(name[0]))
                # « chez client », « chez particulier »: where the work is done
                and not _people(name[0])
                and not is_place(" ".join(t.text for t in name))
            ):
                out.append((f"Chez {_title(_span(text, name))}", 0.7, "lower"))
        elif word in _LEGAL_FORMS and at == 0 and rest:
            n = _tail(rest, is_place, limit=2, stop_at=lambda t: _trade(t, trades))
            name = rest[:n]
            if name and not all(_ordinary(t) for t in name):
                out.append((_title(_span(text, name)), 0.7, "lower"))
        elif word in _ARTICLES and _sign_before(_without_town(body[:at], is_place), trades):
            n = _tail(rest, is_place)
            name = rest[:n]
            if (
                name
                and _lower(name)
                and name[0].folded not in _NOT_AFTER_ARTICLE
                and not is_function_word(name[0].text.lower())
                and not any(t.text.isdigit() for t in name)
                and not all(t.folded in trades for t in name)
                # « friterie les frites fraiches »: « les » and plain words, what it sells
                and not (word == "les" and all(_ordinary(t) for t in name))
            ):
                out.append((_title(_span(text, [token, *name])), 0.65, "lower"))
        elif (
            word in _DEFINITE_OF or (word == "de" and rest and rest[0].folded in _ARTICLES)
        ) and at:
            sign = _sign_at(body[:at], trades)
            if sign is None:
                continue
            trade = body[sign]
            inside = [t.folded for t in body[max(0, sign - 2) : sign]]
            if any(w in ("dans", "ds", "au", "pres", "vers") for w in inside):
                continue  # « dans le centre commercial de la Part-Dieu »: where it is
            if trade.text[:1].isupper() and sign == 0:
                continue  # « Garage du Lac » opening a sentence: the capitalised rules read it
            lead = rest[1:] if word == "de" else rest
            n = _tail(lead, is_place)
            name = lead[:n]
            if (
                not name
                or (capitals and _lower(name))
                or name[0].folded in _VAGUE_PLACES
                or "-".join(t.folded for t in name[:2]) in _VAGUE_PLACES
                or (_lower(name) and _people(name[0]))
                or name[0].folded in _NOT_AFTER_ARTICLE
                or _place(name, is_place)
                or is_function_word(name[0].text.lower())
                or all(t.folded in trades for t in name)
            ):
                continue
            opening = sign == 0
            words = _span(text, [trade, *name])
            spelled = words if not _lower(name) else _title(words).split()
            spelled[0] = spelled[0][:1].upper() + spelled[0][1:]
            out.append((" ".join(spelled), 0.65 if opening else 0.6, "lower"))
    bare = None if capitals else _bare_after_trade(text, body, trades, is_place, opening)
    if bare is not None:
        out.append(bare)
    return out


def _sign_at(before: list[_Token], trades: frozenset[str]) -> int | None:
    """« pharmacie du … », « cabinet infirmier des … »: where the place with a sign stands,
    right before « du » or one trade word before it."""
    for at in range(len(before) - 1, max(-1, len(before) - 3), -1):
        if _establishment(before[at]):
            return at
        if not _trade(before[at], trades):
            return None
    return None


def _place(name: list[_Token], is_place: Callable[[str], bool]) -> bool:
    """A town, unless typed in lower case as an ordinary word (« port », not « Port »)."""
    spelled = " ".join(t.text for t in name)
    return is_place(spelled) and not (_lower(name) and all(_ordinary(t) for t in name))


def _without_town(before: list[_Token], is_place: Callable[[str], bool]) -> list[_Token]:
    """« creperie a rennes la bigoudene »: the town said between the shop and its name."""
    if len(before) >= 2 and before[-2].folded in ("a", "à", "sur") and is_place(before[-1].text):
        return before[:-2]
    return before


def _sign_before(before: list[_Token], trades: frozenset[str]) -> bool:
    """« friterie la … », « bar tabac pmu le … »: the words right before an article are a
    place with a sign, then only trade words or words no dictionary has."""
    for at in range(len(before) - 1, max(-1, len(before) - 4), -1):
        token = before[at]
        if _establishment(token):
            return True
        if not (_trade(token, trades) or not _ordinary(token)):
            return False
    return False


def _bare_after_trade(
    text: str,
    body: list[_Token],
    trades: frozenset[str],
    is_place: Callable[[str], bool],
    opening: bool,
) -> Candidate | None:
    """« pizza nono », « pressing netto express »: a clause of a trade word and a name with a
    word no French dictionary has."""
    run = 0
    while run < len(body):
        if _trade(body[run], trades):
            run += 1
        elif (
            run
            and body[run].folded in ("de", "d", "du", "des")
            and run + 1 < len(body)
            and _trade(body[run + 1], trades)
        ):
            run += 2  # « salle de sport fitzone », « chambres d hotes »: the trade's own words
        else:
            break
    if not run or run >= len(body):
        return None
    if not any(_establishment(t) for t in body[:run]) and (opening or body[0].folded not in trades):
        return None  # « pizza nono » as a clause of its own; opening the text, a shop word
    if body[run].folded in _ARTICLES | _DEFINITE_OF | {"chez", "de"}:
        return None  # read by the article, « du » and « chez » shapes
    n = _tail(body[run:], is_place, limit=2)
    name = body[run : run + n]
    if not name or (
        run + n != len(body)
        and body[run + n].folded not in ("a", "à", "sur")
        # « salle de sport fitzone evreux ouverte 6h 23h »: the town, then the sentence
        and not is_place(body[run + n].text)
    ):
        return None
    if not _lower(name) or all(
        _ordinary(t) or len(t.text) < 4 or _describes(t, body[:run]) for t in name
    ):
        return None  # « boutique cbd »: an acronym in lower case tells what it sells
    if any(is_place(t.text) for t in name):
        return None
    return (_title(_span(text, body[: run + n])), 0.6, "lower")


def _plain(token: _Token) -> bool:
    """A word of the dictionary that is not a person's name (« jules » is both: whose shop)."""
    return _ordinary(token) and not person_word(token.text)


def _standalone(
    text: str,
    body: list[_Token],
    trades: frozenset[str],
    is_place: Callable[[str], bool],
    beside_trade: bool,
) -> Candidate | None:
    """The clause opening the text is the name, when it is shaped as one:

    - two or three words, one ordinary and one not, beside a clause naming the trade
      (« istanbul grill, kebab a villeurbanne »), and not a person (« sophie martin »);
    - an article, a noun, « du » and a noun, beside the trade (« le rucher du vallon,
      apiculteur »);
    - a word no dictionary has, then the trade, then maybe the town (« pepito multiservices
      sur toulon », « speedy coursier lyon », « o'kebab evry »)."""
    if not _lower(body):
        return None
    body = _before_town(body, is_place)
    if not body:
        return None
    first = body[0]
    if not (_ordinary(first) or _trade(first, trades) or first.text.isdigit()) and len(body) <= 3:
        rest = body[1:]
        if rest and all(_trade(t, trades) or _agent(t) for t in rest):
            # « cbd shop », « vtc chauffeur »: an acronym or a kind of the trade, no name
            if len(first.text) >= 4 and not _describes(first, rest) and not _person(text, body):
                return (_title(_span(text, body)), 0.65, "lower")
        elif _coined_lower(first) and len(rest) <= 1:
            return (_title([first.text]), 0.65, "lower")
    if not beside_trade:
        return None
    if body[0].folded in _ARTICLES and 4 <= len(body) <= 6:
        of = next((i for i, t in enumerate(body) if t.folded in _OF), None)
        if (
            of is not None
            and 2 <= of <= 3
            and of + 1 < len(body)
            and all(_ordinary(t) for t in body[1:of])
            # « la cave de jules »: a trade word is the kind, when whose it is follows
            and (
                not any(_trade(t, trades) for t in body[1:of])
                or not all(_plain(t) for t in body[of + 1 :])
            )
            and not any(t.folded in _STOPS for t in body[of + 1 :])
            and not any(is_function_word(t.text) for t in body[1:of])
            # « la pose de carrelage »: « de » and a plain noun say of what, not whose
            and not (body[of].folded == "de" and all(_plain(t) for t in body[of + 1 :]))
        ):
            return (_title(_span(text, body)), 0.6, "lower")
    if not 2 <= len(body) <= 3:
        return None
    if any(t.folded in _STOPS or _trade(t, trades) or is_function_word(t.text) for t in body):
        return None
    ordinary = [_ordinary(t) for t in body]
    if all(ordinary) or not any(ordinary[i] for i, t in enumerate(body) if not t.text.isdigit()):
        return None
    spelled = _title(_span(text, body))
    if is_place(spelled) or any(is_place(t.text) for t in body if not _ordinary(t)):
        return None
    coined = [t for t, plain in zip(body, ordinary, strict=True) if not plain]
    if any(_describes(t, [o for o in body if o is not t]) for t in coined):
        return None  # « ecran iphone »: the thing repaired, a word of its kind
    if _person(text, body):
        return None  # « sophie martin, plombier »: the owner
    return (spelled, 0.6, "lower")


_SENTENCE_END_RE = re.compile(r"\s*(?:[.!?\n]|$)")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?\n:])\s*$")
_TOWN_CUES = frozenset(["a", "à", "au", "aux", "sur", "vers", "pres", "près"])
_NOT_A_SIGNATURE = _wordset(
    "oui non ok okay daccord merci svp stp cdt cordialement bonne journee soiree urgent tel "
    "urgences rdv devis tarifs prix "
    "horaires ouvert ferme lundi mardi mercredi jeudi vendredi samedi dimanche tout toute tous "
    "toutes france region departement alentours environs secteur zone"
)


def _signature(
    text: str,
    body: list[_Token],
    trades: frozenset[str],
    is_place: Callable[[str], bool],
    *,
    after_town: bool = False,
    strict: bool = False,
) -> Candidate | None:
    """A sentence of its own, or the clause right after the town (« salle de muscu a douai,
    iron gym douai, ouvert… »), one to four words in lower case (an acronym aside), shaped
    as a sign rather than as words of the description (« …beaute des pieds. belle & zen. »,
    « …longues distances. taxi vichy ludo. », « …une chambre. pneus 47. »): it holds a word
    no dictionary has, a number or an ampersand, besides the trade or the town it may name."""
    # « a cote de chateauroux, les 4 pattes du bocage, … »: led by its article, five words
    longest = 5 if after_town and body and body[0].folded in _ARTICLES else 4
    if not 1 <= len(body) <= longest or not all(
        _lower([t]) or _acronym(t) or _capitalised(t) for t in body
    ):
        return None
    before, after = text[: body[0].start], text[body[-1].end :]
    # « …ouvert mer au sam. au grenier de papi »: « au » and whose place, closing the text
    closing_whose = (
        body[0].folded in ("au", "aux")
        and 3 <= len(body) <= 4
        and any(t.folded in ("de", "d'", "d’") for t in body[2:-1])
        and not _people(body[-1])
        and bool(_SENTENCE_START_RE.search(before))
        and not after.strip(" .!?\n")
    )
    if body[0].folded in _STOPS and not closing_whose:
        return None  # « a orleans. »: where, not who
    if not before.strip(" ,.;:!?\n") and not after.strip(" ,.;:!?\n"):
        return None  # the whole message: an answer, read as such by the configurator
    if re.match(r"[.,]\d", after) or re.search(r"\d[.,]$", before):
        return None  # « abo 24.99/mois »: a decimal point ends no sentence
    own_sentence = bool(_SENTENCE_START_RE.search(before) and _SENTENCE_END_RE.match(after))
    # « repar smartphone a thionville, ecran casse, phone doctor 57 »: the clause closing the
    # SMS, after a comma, signs it
    closing = (
        not own_sentence
        and not after_town
        and before.rstrip().endswith(",")
        and not after.strip(" .!?\n")
    )
    own_sentence = own_sentence or closing
    # « les jardins de matthieu »: led by its article, a sign says whose it is
    article = body[0].folded in _ARTICLES
    # « bar a sourcils a grenoble, brow bar by kenza. »: right after the town, ending its
    # sentence, a sign of four words
    ends_sentence = bool(_SENTENCE_END_RE.match(after))
    if not own_sentence and not (
        after_town
        and (len(body) <= 3 or article or ends_sentence)
        and re.match(r"\s*[,.;!?\n]|\s*$", after)
    ):
        return None
    if body[0].text.isdigit():
        return None  # « 45 couverts »: a quantity
    if before.rstrip().endswith(":") and not re.search(
        r"(?:entreprise|societe|société|nom|enseigne|boite|boîte)\s*:\s*$", fold(before)
    ):
        return None  # « l'assistant : prendre les rdv »: what follows a colon is a list
    # « …commandes en 48h. les mots passants », « …a ploermel. fournil de la lande »: the
    # sentence that closes the text, led by its article or saying whose, signs it
    last = own_sentence and not closing and not after.strip(" .!?\n")
    whose = 3 <= len(body) <= 4 and any(t.folded in _OF for t in body[1:-1])
    closes_text = last and 3 <= len(body) <= 4 and (article or whose)
    closes_text = closes_text or closing_whose
    # « a grenoble, latelier de fatou, … »: after the town, whose place it is (no word of the
    # dictionary after « de »)
    article = article or (
        after_town
        and whose
        and any(
            t.folded in _OF and not u.text.isdigit() and not _ordinary(u)
            for t, u in pairwise(body[1:])
        )
    )
    stops = _STOPS - _OF - _ARTICLES if closes_text else _STOPS - _OF if article else _STOPS
    # « lazer zone »: after a coined word, « zone » is part of the sign, not the area served
    coined_lead = not _ordinary(body[0]) and not body[0].text.isdigit()
    if any(
        (t.folded in _NOT_A_SIGNATURE and not coined_lead) or t.folded in stops for t in body[1:]
    ) or (body[0].folded in _NOT_A_SIGNATURE):
        return None
    spelled = _span(text, body)
    said = text[body[0].start : body[-1].end + 2]
    if re.search(r"\d\s*(?:€|e\b|eur|euros?\b|h\b|min\b)|\d{5,}", said):
        return None  # « seance 280€ retouche incluse », « tel urgence 0611223344 »
    # « … aussi. le Narval »: the one capital of a writer of none
    capital = any(_capitalised(t) for t in body)
    if (capital or closes_text) and not _nominal(body):
        return None  # « pas de livraison », « jm'appelle Hugo »: a sentence, not a sign
    marked = (
        capital
        or "&" in said
        or any(
            (t.text.isdigit() and len(t.text) <= 3) or not _ordinary(t) or _coined_lower(t)
            for t in body
        )
    )
    marked = marked or (
        closes_text
        and not any(is_function_word(t.text) for t in body[1:] if t.folded not in _OF | _ARTICLES)
    )
    # « fleuriste a montbrison, l'atelier de flore. »: after the town, an article and a kind
    # of establishment name the place
    marked = marked or (after_town and article and len(body) >= 3 and _establishment(body[1]))
    # « …, a aix les bains, atelier lina »: a kind of establishment, then whose it is
    marked = marked or (
        after_town
        and 2 <= len(body) <= 3
        and (_establishment(body[0]) or _trade(body[0], trades))
        and all(person_word(t.text) for t in body[1:])
    )
    odd = [
        t
        for t in body
        if (t.text.isdigit() or not _ordinary(t) or _coined_lower(t)) and not _acronym(t)
    ]
    if strict:
        # before the town only (« tacos, el camion loco, basé à Montpellier »): most of its
        # words are no French words (« maths francais, sur angers » is what is taught)
        marked = marked and 2 * len(odd) > len([t for t in body if t.folded not in _ARTICLES])
    if closing:
        # closing the SMS: half its words at least (« urbike express »; not « troubles DYS »,
        # the end of a list, nor « reservation conseillee le we »)
        marked = marked and 2 * len(odd) >= len(body)
    if not marked or is_place(" ".join(spelled)):
        return None
    numbered = after_town and ends_sentence and any(t.text.isdigit() for t in body)
    if not numbered and all(
        is_place(t.text) or t.text.isdigit() or _trade(t, trades) for t in body
    ):
        # « lyon 69 », « plombier 24 »: no name of its own (« box crossfit a villeneuve sur
        # lot, box 47. »: a sentence of its own after the town signs the SMS)
        return None
    led = _trade(body[0], trades) or _establishment(body[0]) or body[0].folded in _ARTICLES
    if not led and _person(text, body):
        # « sophie martin »: the owner (« demenagements le goff », « les jardins de matthieu »
        # are signs: a kind of business, or an article, before the person's name)
        return None
    # one coined word stays as typed (« repar'tout »), and so does a sign with its capitals;
    # a sign of several words in lower case is titled
    if len(body) == 1:
        return (spelled[0], 0.65, "signature")
    if capital:
        said = " ".join(spelled)
        return (said[:1].upper() + said[1:], 0.65, "signature")
    return (_title(spelled), 0.65, "signature")


_GREETINGS = _wordset("slt salut bjr bonjour bsr bonsoir cc coucou hello hey yo allo")
#: after the greeting, words that start a sentence, not a name
_NOT_A_SIGN_START = _wordset(
    "je j' jsuis jsui chui chuis jai j'ai on nous ns moi il elle besoin urgent question merci "
    "voila alors donc bon euh est-ce svp stp"
)


def _greeted(
    text: str, clauses: list[list[_Token]], trades: frozenset[str], is_place: Callable[[str], bool]
) -> Candidate | None:
    """An SMS that opens on a greeting, then the business, then what it does: « bjr azur
    piscines, construction et entretien… », « coucou dermo by lea, maquillage permanent… »,
    « bjr demenagements lopez a ales, … ». The words between the greeting (and « c »,
    « ici ») and the first comma, or the town, name the business, unless they are only the
    trade (« bonjour plombier, … »), a person (« slt c nico, … ») or a sentence."""
    first = clauses[0]
    if len(clauses) < 2 or not first or first[0].folded not in _GREETINGS:
        return None
    body = _without_filler(first)
    if not body or len(body) == len(first) or body[0].folded in _NOT_A_SIGN_START:
        return None
    # the name stops before « à <town> »
    for at, token in enumerate(body):
        if at and token.folded in _TOWN_CUES:
            body = body[:at]
            break
    if not 1 <= len(body) <= 5 or not all(_lower([t]) or _acronym(t) for t in body):
        return None
    if any(t.folded in _STOPS or t.folded in _NOT_A_SIGNATURE for t in body[1:]):
        return None
    if len(body) == 1 and person_word(body[0].text, unknown=False):
        return None  # « slt c nico, … »: the owner
    if all(_trade(t, trades) or _establishment(t) or is_function_word(t.text) for t in body):
        return None  # « bonjour plombier chauffagiste, … »: the trade alone
    if is_place(" ".join(_span(text, body))):
        return None
    if not (_trade(body[0], trades) or _establishment(body[0])) and _person(text, body):
        return None  # « slt c nico, … »: the owner
    spelled = _span(text, body)
    return (_title(spelled) if len(body) > 1 else spelled[0], 0.7, "greeted")


def _acronym(token: _Token) -> bool:
    return token.text.isupper() and 2 <= len(token.text) <= 4


def _before_town(body: list[_Token], is_place: Callable[[str], bool]) -> list[_Token]:
    """The clause without the town closing it (« … sur toulon », « … lyon »)."""
    for at in range(1, len(body)):
        preposition = body[at].folded in ("a", "à", "sur", "au") and at + 1 < len(body)
        if preposition and is_place(" ".join(t.text for t in body[at + 1 :])):
            return body[:at]
        if is_place(" ".join(t.text for t in body[at:])) and not _ordinary(body[at]):
            return body[:at]
    return body


@lru_cache(maxsize=1)
def _people_centroid() -> np.ndarray | None:
    return text_vector([form for word in _PEOPLE.split() for form in (word, f"{word}s")])


def _people(token: _Token) -> bool:
    """« familles », « mariees », « client »: a word for the people a business serves."""
    centroid = _people_centroid()
    vector = word_vector(token.text.lower())
    if vector is None or centroid is None or not _ordinary(token):
        return False
    return float(vector @ centroid) >= _PEOPLE_LIKE


#: From this cosine to the shop or trade word beside it, a word says what kind of shop it is
_DESCRIBES = 0.4


def _describes(word: _Token, kind: list[_Token]) -> bool:
    """« restaurant bistronomique », « boutique vintage », « bar lounge »: a word no French
    dictionary has, but whose vector lies near the shop word beside it, tells the kind of shop
    (a borrowed or coined common word), not its name (« pizza nono », « bar … le balto »)."""
    vector = word_vector(word.text.lower())
    if vector is None:
        return False
    for other in kind:
        near = word_vector(other.text.lower())
        if near is not None and float(vector @ near) >= _DESCRIBES:
            return True
    return False


def _agent(token: _Token) -> bool:
    """« coursier », « dépanneur »: a French noun of someone doing a trade."""
    return _AGENT_NOUN_RE.search(token.folded) is not None and is_lexicon_word(token.text.lower())


def _coined_lower(token: _Token) -> bool:
    """« o'kebab », « cyclo'fix »: two parts joined by an apostrophe, not an elision."""
    m = re.fullmatch(r"([^\W\d_]+)['’]([^\W\d_]{2,})", token.text)
    return m is not None and fold(m.group(1)) not in (
        *("n", "s", "m", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "quelqu", "presqu"),
        "aujourd",
    )


def _person(text: str, body: list[_Token]) -> bool:
    """spaCy tags the words, with capitals, as a person, and each lies near people's names."""
    spelled = _title([t.text for t in body])
    return all(person_word(t.text) for t in body if t.folded not in _OF | _ARTICLES) and any(
        e.label == "PER" for e in entities(spelled)
    )
