"""What speech adds to a sentence, taken out before it is understood (both channels).

A transcribed answer carries what nobody types: fillers (« euh », « ben », « voilà »),
self-repairs in one breath (« fermé le mardi, non, le mercredi ») and spelled names
(« Dupond, D comme Denis, U comme Ursule… »). `normalise_speech` turns such an answer into what
the owner meant, so that the fact extractors read one value and never the one taken back. It is
conservative: a typed sentence without these forms is returned unchanged, so the text chat goes
through it too. Numbers dictated in pairs or digit by digit need nothing here: the phone
reader (`understanding.phones`) already takes « zéro six, douze… » and « zéro six un deux… ».
"""

from __future__ import annotations

import re

from allokoli.understanding.normalize import fold

# Hesitations that are never a value: dropped wherever they stand.
_FILLERS = re.compile(r"(?<![\w-])(?:eu+h+|heu+|hum+|hm+|bah|beh)(?![\w-])[\s,.…]*", re.IGNORECASE)
# « ben » and « voilà » are words too (a first name, « voilà l'adresse »): dropped only where
# they open the answer or a clause, before a comma or a word that shows they are fillers.
_BEN = re.compile(
    r"(?:(?<=^)|(?<=[,.;!?]\s))ben\b[\s,]*(?=(?:oui|non|alors|c'est|on\b|je\b|j'|disons|voil))",
    re.IGNORECASE,
)
_VOILA_EDGE = re.compile(r"(?:^\s*voil[aà]\s*,\s*|,?\s*voil[aà]\s*[.!]*\s*$)", re.IGNORECASE)

# « X, non, Y » / « X, pardon, Y » / « X, enfin, Y » / « X, je veux dire, Y »: Y replaces X.
_REPAIR = re.compile(
    r"(?<![\w'’-])(?P<before>\d+\s*(?:h|heures?)(?:\s*\d+)?|[\w'’-]+)\s*,\s*"
    r"(?:non|pardon|enfin|je veux dire|plutôt|euh non)\s*,\s*"
    r"(?P<after>[\w'’-]+)",
    re.IGNORECASE,
)
# A value taken back and said again, of the same kind: « couleur 45 €... non, 48 € », « 06 12 87
# 45 39, non pardon, 06 12 87 45 93 », « 16 €, non, 16,50 € depuis ce mois-ci ». The first value
# and the marker go; the words after the second one stay (they describe it).
_VALUE_KINDS = (
    r"(?<!\d)\d+(?:[,.]\d{1,2})?\s*(?:€|euros?\b)",  # a price
    r"\b0\d(?:[\s.-]?\d{2}){4}\b",  # a phone number
    r"\b\d{1,2}\s*h(?:\s*\d{2})?\b",  # a time
)
# a time said again alone (« de 9h, non, 10h à 18h »); « 9h à 16h… non, 9h-17h le samedi »
# restates the whole range, read as such by the hours parser
_ALONE = {2: r"(?!\s*(?:-|à|a\b|jusqu))"}
_MARKER = (
    r"[\s.…,;:!—–-]*(?:(?:euh|heu|ah|oh)\W+)?"
    r"(?:non|pardon|enfin|je veux dire|plutôt|oups|attendez|attends)"
    r"(?:[\s,]+(?:non|pardon|plutôt|c'est|c’est))*[\s.…,;:!—–-]*"
)
_TYPED_REPAIRS = tuple(
    re.compile(
        rf"(?P<before>{kind}){_MARKER}(?P<after>{kind}){_ALONE.get(index, '')}", re.IGNORECASE
    )
    for index, kind in enumerate(_VALUE_KINDS)
)
# « au 03 89 41 22 33… ah non, ça c'est le bureau, mettez le portable : 06 07 18 29 40 »: a
# number taken back, a few words on why, then the one meant
_PHONE = _VALUE_KINDS[1]
_PHONE_TAKEN_BACK = re.compile(
    rf"(?P<before>{_PHONE})(?P<said>[^0-9.!?]{{0,40}}[.!?])?[\s.…,;:!—–-]*(?:(?:euh|heu|ah|oh)\W+)?"
    r"(?:non|pardon|oups)(?:\s*[,.!…]|\s+(?=attend|plut[oô]t|je me trompe|excusez))"
    rf"(?P<why>[^0-9.!?]{{0,60}}?)(?P<after>{_PHONE})",
    re.IGNORECASE,
)
# « Bergerac et Lalinde... non, pas Lalinde, Eymet plutôt »: the word denied gives way to the
# one said instead.
_DENIED_REPAIR = re.compile(
    r"(?<![\w'’-])(?P<before>[\w'’-]+)[\s.…,;:!—–-]*(?:non|pardon)[\s,]+pas\s+(?P=before)[\s,]+"
    r"(?P<after>[\w'’-]+)\s+plut[ôo]t\b",
    re.IGNORECASE,
)
# « couleur 55 €... non attendez, la couleur c'est 60 maintenant », « 320 €... non, 340 cette
# année », « couette 25 €. Pardon, la couette c'est 28 € »: a price taken back, said again with
# or without its unit (the words on why stay), the item named again or not.
_PRICE_TAKEN_BACK = re.compile(
    r"(?<!\d)(?P<before>\d+(?:[,.]\d{1,2})?)\s*(?:€|euros?\b)"
    # « 15 € par pneu... non, 18 € »: the unit stays with the price said instead
    r"(?P<unit>\s*(?:par|le|la|les|l['’]|/)\s*[^\W\d_]{2,15})?"
    r"[\s.…,;:!—–-]*(?:(?:euh|heu|ah|oh)\W+)?(?:non|pardon|oups|enfin)\b"
    r"(?:[\s,]+(?:attendez|attends|pardon|non|en fait))*[\s.…,;:!—–-]*"
    r"(?P<named>(?:(?:la|le|les|l['’])\s*(?P<item>[^\W\d_][\w'’ -]{1,30}?)\s+)?"
    r"(?:c['’]est|ce sera|mettez|disons)\s+)?"
    r"(?P<after>\d+(?:[,.]\d{1,2})?)(?:\s*(?:€|euros?\b)|(?=\s*(?:$|[.,;!…]|maintenant|cette"
    r"|depuis|avec|ttc|ht\b|tout rond|net)))",
    re.IGNORECASE,
)
# « …, mettez 43,38. », « Disons 28. »: the price just said, said once more to be sure.
_PRICE_SAID_AGAIN = re.compile(
    r"[\s,.;]+(?:mettez|disons|donc|bref)\s+(?P<value>\d+(?:[,.]\d{1,2})?)\s*(?:€|euros?\b)?"
    r"\s*(?=[.!]|$)",
    re.IGNORECASE,
)


def _price_taken_back(match: re.Match[str]) -> str:
    item = match.group("item")
    head = match.string[max(0, match.start() - 60) : match.start()]
    if item is not None and fold(item.split()[0]) not in fold(head):
        return match.group(0)  # « …, non, la coupe homme c'est 25 »: another item's price
    return f"{match.group('after')} €{match.group('unit') or ''}"


def _price_said_again(match: re.Match[str]) -> str:
    head = match.string[max(0, match.start() - 80) : match.start()]
    prices = re.findall(r"(\d+(?:[,.]\d{1,2})?)\s*(?:€|euros?\b)", head)
    said = prices[-1].replace(",", ".") if prices else None
    return "" if said == match.group("value").replace(",", ".") else match.group(0)


_NOT_REPAIRABLE = {"oui", "non", "si", "ok", "bon", "bien", "voila", "alors", "mais", "et"}
#: Words that open a new clause: after « pardon, » they go on, they replace nothing.
_CLAUSE_OPENERS = {
    "je", "j", "on", "nous", "vous", "tu", "il", "elle", "ils", "elles", "c", "ca", "ce",
    "cela", "y", "mais", "donc", "car", "sinon", "voila",
}  # fmt: skip


def _opens_a_clause(word: str) -> bool:
    return fold(re.split(r"['’]", word)[0]) in _CLAUSE_OPENERS


_FUNCTION_WORDS = {"le", "la", "les", "l", "au", "aux", "a", "de", "du", "des", "en", "un", "une"}

# « B comme Bernard » (one letter each), or letters said one by one (« D U P O N T »).
_SPELT_LETTER = re.compile(r"\b([A-Za-z])\s+comme\s+[A-ZÉÈa-zéè][\w'-]*", re.IGNORECASE)
_SPELT_RUN = re.compile(
    r"\b[A-Za-z]\s+comme\s+[\w'-]+(?:\s*[,;]?\s*(?:et\s+)?[A-Za-z]\s+comme\s+[\w'-]+)+",
    re.IGNORECASE,
)
_LETTER_RUN = re.compile(r"(?<![\w'])(?:[A-Z]\s){2,}[A-Z](?![\w'])")


def _spelt_word(letters: str) -> str:
    return letters[:1].upper() + letters[1:].lower()


def _replace_spelt(text: str, match: re.Match[str], word: str) -> tuple[str, int]:
    """`text` with the spelt run replaced by `word`; a word just before that the spelling
    corrects (same first letter, close length: « Dupond, D comme… ») is dropped as well."""
    start, end = match.span()
    head = text[:start].rstrip(" ,:")
    previous = re.search(r"([\w'-]+)$", head)
    if previous is not None:
        said = fold(previous.group(1))
        if said[:1] == fold(word)[:1] and abs(len(said) - len(word)) <= 2:
            head = head[: previous.start()].rstrip()
    joined = f"{head} {word}" if head else word
    return joined + text[end:], len(joined)


def spelled_names(text: str) -> str:
    """Spelled words written as the word: « D comme Denis, U comme Ursule » → « Du »."""
    pos = 0
    while (match := _SPELT_RUN.search(text, pos)) is not None:
        letters = "".join(m.group(1) for m in _SPELT_LETTER.finditer(match.group(0)))
        text, pos = _replace_spelt(text, match, _spelt_word(letters))
    pos = 0
    while (match := _LETTER_RUN.search(text, pos)) is not None:
        text, pos = _replace_spelt(text, match, _spelt_word(match.group(0).replace(" ", "")))
    return text


def _repair(match: re.Match[str]) -> str:
    if fold(match.group("before")) in _NOT_REPAIRABLE or _opens_a_clause(match.group("after")):
        # « La Meule Savoyarde, pardon, je mélange… »: an apology, then the owner goes on
        return match.group(0)
    if match.group("before").isdigit() != match.group("after").isdigit():
        # « 17 rue Michelet, pardon, 42000 Saint-Étienne »: an apology after the value said
        # instead, then the address goes on; a number never takes back a word, nor the reverse
        return match.group(0)
    return match.group("after")


def self_repairs(text: str) -> str:
    """« le mardi, non, le mercredi » → « le mercredi »: the word taken back goes away, and so
    does a price, a phone number or a time said again (« 45 €... non, 48 € » → « 48 € »)."""
    out = _DENIED_REPAIR.sub(lambda m: m.group("after"), text)
    out = _PRICE_TAKEN_BACK.sub(_price_taken_back, out)
    out = _PRICE_SAID_AGAIN.sub(_price_said_again, out)
    for repair in _TYPED_REPAIRS:
        out = repair.sub(lambda m: m.group("after"), out)
    out = _PHONE_TAKEN_BACK.sub(lambda m: m.group("after"), out)
    out = _REPAIR.sub(_repair, out)
    # « le mardi, non, le mercredi » became « le le mercredi »: one function word is enough.
    words = out.split(" ")
    kept: list[str] = []
    for word in words:
        if kept and fold(word) in _FUNCTION_WORDS and fold(kept[-1]) == fold(word):
            continue
        kept.append(word)
    return " ".join(kept)


#: « c'est... euh... cinquante-cinq euros »: dots after a word that cannot end a phrase are a
#: pause, not the end of it.
_PAUSE_AFTER_RE = re.compile(
    r"\b(c['’]est|est|sont|à|de|du|des|le|la|les|un|une|pour|avec|au|aux|sur|fait|coûte)"
    r"\s*(?:\.{2,}|…)\s*",
    re.IGNORECASE,
)


def drop_fillers(text: str) -> str:
    text = _FILLERS.sub("", text)
    text = _PAUSE_AFTER_RE.sub(r"\1 ", text)
    text = _BEN.sub("", text)
    text = _VOILA_EDGE.sub("", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ,")


#: A word typed without its apostrophe (« cest », « jai », « dentreprise », « lautorisation »):
#: an elided article or pronoun glued to the word after it.
_GLUED_ELISION_RE = re.compile(r"\b(qu|[cdjlmnstCJ])([aeiouyhàâéèêîïôû][\w-]+)\b")
#: What each elided word stands before, when it is not any word of the dictionary: « c'est »,
#: « qu'il », « n'est », « s'il »… (« sun » is no « s'un », « nino » no « n'ino »)
_ELIDED_BEFORE = {
    "c": frozenset(["est", "etait", "était", "en"]),
    "qu": frozenset(["il", "ils", "elle", "elles", "on", "un", "une", "en", "est"]),
    "n": frozenset(["est", "a", "ai", "y", "en", "ont", "avons", "avez", "etait", "était"]),
    "s": frozenset(["il", "ils"]),
    "j": frozenset(["ai", "avais", "aurai", "aurais", "etais", "étais", "y", "en"]),
    "d": frozenset(["un", "une", "abord", "accord", "autres", "ou", "où"]),
}
#: Elided words that stand before any word of the dictionary (« jhabite », « dentreprise »).
_ELIDED_ANY = frozenset(["j", "d", "l", "m", "t", "s"])


def restore_elisions(text: str) -> str:
    """« ma boite cest placo pro 33 » → « ma boite c'est placo pro 33 »: the apostrophe SMS
    leaves out, put back where the whole is no French word and the rest is one the elided
    word may stand before."""
    if not _GLUED_ELISION_RE.search(text):
        return text
    from allokoli.understanding.nlp import is_known_word, is_lexicon_word  # loads spaCy
    from allokoli.understanding.places import commune_or_short

    def glue(m: re.Match[str]) -> str:
        whole, head, rest = m.group(0), m.group(1).lower(), m.group(2)
        if is_lexicon_word(whole.lower()):
            return whole
        article = re.search(r"\b(le|la|les|au|aux|du|des)\s+$", text[: m.start()], re.IGNORECASE)
        if article is not None:
            definite = {"au": "le", "du": "le", "aux": "les", "des": "les"}
            said = definite.get(article.group(1).lower(), article.group(1).lower())
            if commune_or_short(f"{said} {whole}") is not None:
                return whole  # « au mans » is Le Mans, no « m'ans »
        if rest.lower() in _ELIDED_BEFORE.get(head, ()):
            return f"{m.group(1)}'{rest}"
        if whole[0].isupper() and is_known_word(whole):
            return whole
        if whole[0].isupper() or head not in _ELIDED_ANY or len(rest) < 3:
            return whole  # « Laval » is no « L'aval »
        if head == "s" and not rest.startswith(("appel", "occup", "inscri", "adress", "orient")):
            return whole  # « s' » stands before a verb: « sappelle », « soccupe »
        if commune_or_short(whole) is not None:
            return whole  # « lorient », « laval »: a town typed in lower case
        if is_known_word(whole) and not is_known_word(rest):
            return whole  # « démoussage » is a word of its own; « émoussage » is none
        return f"{m.group(1)}'{rest}" if is_lexicon_word(rest) else whole

    return _GLUED_ELISION_RE.sub(glue, text)


def normalise_speech(text: str) -> str:
    """What the owner meant, without fillers, taken-back words or spelling, with the
    apostrophes SMS leaves out."""
    if not text:
        return text
    return restore_elisions(self_repairs(spelled_names(drop_fillers(text)))).strip()
