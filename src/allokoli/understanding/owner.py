"""The owner's own name ("je m'appelle Marc", "moi c'est Sophie", "Mme Durand à l'appareil")."""

from __future__ import annotations

import re
from collections.abc import Callable

from allokoli.understanding.company_rules import (
    _APPAREIL_RE,
    _JE_SUIS_RE,
    _NAME_LEAD_FILLER_RE,
    _NAME_STOP_WORDS,
    _NOT_NAME_RE,
    _OWNER_CUE_RE,
    _PARTICLES,
    _raw_folded_find,
)
from allokoli.understanding.normalize import fold, prepare
from allokoli.understanding.persons import first_name, given_name, person_word
from allokoli.understanding.textutil import (
    _title_if_lower,
    _wordset,
)

_TITLE_RE = re.compile(
    r"^(?:madame|monsieur|mme|mlle|mademoiselle|m\.|mr|dr|docteur|maitre|me|pr|professeur)$"
)
_TITLE_DISPLAY = {
    "madame": "Madame",
    "mme": "Mme",
    "mlle": "Mlle",
    "mademoiselle": "Mademoiselle",
    "monsieur": "Monsieur",
    "m.": "M.",
    "mr": "M.",
    "dr": "Dr",
    "docteur": "Docteur",
    "maitre": "Maître",
    "me": "Me",
    "pr": "Pr",
    "professeur": "Professeur",
}
_NOT_PERSON = _wordset(
    "plombier plombiere coiffeur coiffeuse electricien boulanger patron patronne gerant "
    "gerante seul seule la ici content contente la-bas pas le un une artisan medecin dentiste "
    "avocat disponible dispo joignable ravi ravie pret prete desole desolee en au dans chez "
    "pizzaiolo restaurateur restauratrice kine infirmier infirmiere serrurier chauffagiste "
    "macon peintre menuisier agent photographe consultant consultante bien ok d'accord sur "
    "sure nouveau nouvelle interesse interessee proprietaire"
)


_PRONOUNS = frozenset(["moi", "toi", "lui", "elle", "nous", "vous", "eux", "elles"])


def extract_owner_name(text: str, *, expecting: bool = False) -> str | None:
    """The owner's name ("je m'appelle Marc", "moi c'est Sophie", "demandez Sophie")."""
    if not text or not text.strip():
        return None
    prepared = prepare(text)
    raw = prepared.raw
    candidates = _raw_folded_find(prepared, _OWNER_CUE_RE)
    for s, e in _raw_folded_find(prepared, _JE_SUIS_RE):
        if e < len(raw) and raw[e : e + 1].isupper():
            candidates.append((s, e))
    candidates.sort()
    appareil = _APPAREIL_RE.search(raw)
    if appareil:
        candidates.insert(0, (appareil.start(1), appareil.start(1)))
    for s, e in candidates:
        cue = fold(raw[s:e]).strip()
        # « cest moi julien lefort »: « moi » says a person follows, whatever its case
        strict = (cue.startswith(("ici", "demande", "c'est", "je suis")) and "moi" not in cue) or (
            s == e
        )
        name = _person(raw, e, need_capital=strict)
        if name and fold(name) in _PRONOUNS:
            continue  # « le patron c'est moi »: who, not a name
        if name and _TAKEN_BACK_RE.match(raw, e + len(name)):
            name = _said_instead(raw, e + len(name))
            if name is None:
                continue
        if name:
            return _fuller(raw, name)
    named = (
        _sms_first_name(raw)
        or _titled_opening(raw)
        or _role_then_first_name(raw)
        or _under_own_name(raw)
        or _cest_sentence(raw)
        or _signed(raw)
        or _named_as_boss(raw)
        or _introduced_person(raw)
        or _cest_person(raw)
        or _first_name_said(raw)
        or _opening_person(raw)
        or _set_off_full_name(raw)
    )
    if named:
        return _fuller(raw, named)
    if expecting:
        lead = _NAME_LEAD_FILLER_RE.match(prepared.raw_low)
        start = prepared.raw_folded.source_span(lead.end(), lead.end() + 1)[0] if lead else 0
        if lead and lead.end() >= len(prepared.raw_low):
            return None
        name = _person(raw, start, need_capital=False)
        if name and _TAKEN_BACK_RE.match(raw, start + len(name)):
            return _said_instead(raw, start + len(name))
        return name
    return None


def _said_instead(raw: str, end: int) -> str | None:
    """After a name taken back (« c'est moi Jordi... non, je plaisante, c'est Pere, Pere
    Vidal »), the name said instead, if any."""
    taken_back = _TAKEN_BACK_RE.match(raw, end)
    instead = _SAID_INSTEAD_RE.search(raw, taken_back.end()) if taken_back else None
    return _person(raw, instead.end(), need_capital=True) if instead else None


#: A name taken back as soon as said (« Jordi... non, je plaisante », « Marc, enfin non »)
_TAKEN_BACK_RE = re.compile(r"(?i)\s*(?:\.\.\.|…|[,.])?\s*(?:enfin\s+|euh\s+)?non\b")


_SAID_INSTEAD_RE = re.compile(
    r"(?i:\b(?:c\s*'?\s*est|je\s+suis|je\s+m'appelle|plut[oô]t|pardon))\s*,?\s+(?=[A-ZÉÈ])"
)


#: Capitalised particles of French and neighbouring surnames (« Le Gall », « Da Silva »).
_SURNAME_PARTICLES = frozenset(["Le", "La", "De", "Du", "Da", "Di", "Van", "Von", "Del", "Dos"])


def _person(raw: str, start: int, *, need_capital: bool) -> str | None:
    words: list[str] = []
    particles = 0
    tokens = list(re.finditer(r"[^\s,;:!?()]+", raw[start:]))
    for number, m in enumerate(tokens):
        token = m.group(0).strip(".") if m.group(0).lower() not in ("m.",) else m.group(0)
        low = fold(token)
        if not words and _TITLE_RE.match(low):
            words.append(_TITLE_DISPLAY.get(low, token))
            continue
        following = tokens[number + 1].group(0) if number + 1 < len(tokens) else ""
        if (
            words
            and token in _SURNAME_PARTICLES
            and following[:1].isupper()
            and not raw[start + m.end() : start + m.end() + 1].strip()
        ):
            # « Yann Le Gall », « Anne De Rosa »: a particle inside the surname
            words.append(token)
            particles += 1
            continue
        if (
            low in _NAME_STOP_WORDS
            or low in _NOT_PERSON
            or low in _PARTICLES - {"de", "du", "le", "la"}
        ):
            break
        if low in ("de", "du") and words:
            break  # "Marc de Plomberie Martin": the company follows
        if token[:1].islower() and re.match(r"(?:[cdjlmnst]|qu)['’]", low):
            break  # « moi c nadia j'ai un salon »: an elided word starts the next clause
        if not re.fullmatch(r"[^\W\d_][\w'-]*", token):
            break
        if need_capital and not token[:1].isupper():
            break
        if not words and _common_word(token) and (token[:1].islower() or _business_run(following)):
            # « moi c'est plomberie », « moi c'est Dépannage Auto Rapide 38 »: the trade or the
            # business, not a person (« moi c'est nadia », « moi c'est Pierre »)
            break
        if words and not token[:1].isupper() and any(w[:1].isupper() for w in words):
            break
        words.append(token)
        if len(words) - particles >= (3 if words and _TITLE_RE.match(fold(words[0])) else 2):
            break
        if m.group(0).endswith((".", "!", "?")):
            break  # « Moi c'est Fred. Frédéric Dunand. »: the sentence ends the name
        if raw[start + m.end() : start + m.end() + 1] in ",.;!?":
            break
    while words and words[-1] in _SURNAME_PARTICLES:
        words.pop()  # « Marc Le Plombier »: the particle led to no surname
    if not words or all(_TITLE_RE.match(fold(w)) for w in words):
        return None
    name = " ".join(words)
    if _NOT_NAME_RE.match(fold(name)):
        return None
    return _title_if_lower(name)[:80]


def _business_run(following: str) -> bool:
    """After a capitalised word of the language, one more that no name shares, or a number:
    « Dépannage Auto Rapide 38 » is a business (« Rose », « Rose Martin » are people)."""
    word = following.strip(".,;:!?")
    if re.fullmatch(r"\d+", word) or re.match(
        r"(?:[Dd]e|[Dd]u|[Dd]es|[Dd]['’])(?:$|[A-ZÀ-Ý])", word
    ):
        return True  # « Dépannage Auto Rapide 38 », « ici Fleurs d'Aline »
    return word[:1].isupper() and _common_word(word) and not person_word(word)


def _common_word(token: str) -> bool:
    """A word of the language that no first name shares (« plomberie », « coiffure »; not
    « pierre » or « rose », which may be the owner's)."""
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    return (is_lexicon_word(token.lower()) or is_lexicon_word(fold(token))) and not first_name(
        token
    )


#: « c'est Patrick le patron », « cest Nadia la gérante »
_BOSS_RE = re.compile(
    r"\bc\s*'?\s*est\s+([A-ZÉÈ][\w'-]+(?:\s+[A-ZÉÈ][\w'-]+)?)\s*,?\s+(?:le|la)\s+"
    r"(?:patron|patronne|gérant|gerant|gérante|gerante|responsable|proprio|boss|cheffe?)\b",
    re.IGNORECASE,
)
_TITLED_RE = re.compile(r"\b(?:Ma[iî]tre|Me|Dr|Docteur|Pr|Professeur)\.?\s+$")
#: « je suis sage-femme à Grenoble, Claire Dumont »: a person set off by a comma after « je
#: suis … » in the same sentence.
_MAY_INTRODUCE_RE = re.compile(
    r"\b(?:Ma[iî]tre|Me|Dr|Docteur|Pr|Professeur)\b\.?\s+[A-ZÉÈ]|\b[Jj]e\s+suis\s+[^.!?;]{2,80},"
)
_JE_SUIS_BEFORE_RE = re.compile(r"\bje\s+suis\s+[^.!?;]{2,80},\s*$", re.IGNORECASE)


#: « Oui alors c'est Yann Le Gall, je suis élagueur »: a first name and a surname after
#: « c'est », then the owner's own trade or place (« je suis », « j'ai »)
_CEST_PERSON_RE = re.compile(
    r"\bc\s*'?\s*est\s+(?=[A-ZÉÈ])(?P<rest>[^,.;!?]{2,40})[,.]\s*(?:je|j'|moi|on)\b",
    re.IGNORECASE,
)


#: The business named as such just before (« mon entreprise c'est », « le salon : », « my
#: company is »): what follows is its name, not a person. Shared with
#: :mod:`allokoli.understanding.names`.
BUSINESS_NAMED_BEFORE_RE = re.compile(
    r"(?i)\b(?:entreprise|soci[ée]t[ée]|bo[iî]te|enseigne|marque|brand|company|business|salon"
    r"|cabinet|boutique|magasin|atelier|agence|institut|studio|activit[ée]|structure|projet"
    r"|affaire|commerce|resto|restaurant|garage|camion|truck|label)"
    r"\s*(?:c['’]\s?est|s['’]appelle|:|is)\s*$"
)


def _cest_person(raw: str) -> str | None:
    """A full name after « c'est », when its first word is a first name (word vectors) and the
    owner then speaks of themself: that person is the owner."""
    m = _CEST_PERSON_RE.search(raw)
    if m is None or not raw[m.start("rest")].isupper():
        return None
    if BUSINESS_NAMED_BEFORE_RE.search(raw[max(0, m.start("rest") - 40) : m.start("rest")]):
        return None  # « mon entreprise c'est Camille Make-Up »: the business, not its owner
    first = m.group("rest").split()[0]
    if not first_name(first):
        return None
    name = _person(raw, m.start("rest"), need_capital=True)
    return name if name is not None and len(name.split()) >= 2 else None


def _named_as_boss(raw: str) -> str | None:
    m = _BOSS_RE.search(raw)
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    if m is None or not all(
        person_word(w) or not is_lexicon_word(w.lower()) for w in m.group(1).split()
    ):
        return None
    return m.group(1)


def _introduced_person(raw: str) -> str | None:
    """A person the owner introduces as themself, read from spaCy's entities: titled (« Maître
    Sophie Aubert, avocate », « le cabinet du Dr Karim Haddad ») or in apposition to « je
    suis … » (« je suis guide de haute montagne, Pierre Blanc »). Each word must look like a
    name (word vectors): « Plomberie Martin » tagged PER is a business, not a person."""
    from allokoli.understanding.nlp import entities, is_lexicon_word  # deferred: loads spaCy

    if not _MAY_INTRODUCE_RE.search(raw):
        return None  # the entity pass costs milliseconds: only where a cue may stand
    for entity in entities(raw):
        if entity.label != "PER":
            continue
        text = entity.text.strip()
        words = text.split()
        if words and _TITLE_RE.match(fold(words[0]).rstrip(".")):
            before = raw[: entity.start] + words[0] + " "
            words = words[1:]
        else:
            before = raw[: entity.start]
        if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            continue
        # a word of the dictionary (« Plomberie », « Salon ») is not a name, unless its vector
        # lies among names (« Rose », « Blanc »)
        if not all(
            w in _SURNAME_PARTICLES or person_word(w) or not is_lexicon_word(w.lower())
            for w in words
        ):
            continue
        after = raw[entity.end : entity.end + 3]
        set_off = after[:1] in ("", ",", ".", ";", "!", "?") or after.startswith((" à", " a "))
        if _TITLED_RE.search(before) or (
            _JE_SUIS_BEFORE_RE.search(before) and set_off and first_name(words[0])
        ):
            return " ".join(words)[:80]
    return None


#: What may open a spoken or written message before the owner says who they are.
_OPENING_WORDS = (
    r"(?i:(?:oui|ouais|bonjour|bonsoir|salut|slt|bjr|allo|allô|alors|euh|bon|hello|re|wesh|yo|hey"
    r"|coucou|cc)\W+)*"
)
#: « Oui bonjour, c'est Martine, de la boulangerie… », « c'est Nadia, je suis gérante… »: the
#: owner calling says their first name first
_CEST_FIRST_NAME_RE = re.compile(
    # (typed in lower case in an SMS, « wesh c nico, jai un barber shop », when it is a first name)
    rf"^\W*{_OPENING_WORDS}(?:c\s*['’]?\s*est|c[ée]|c)\s+(?P<name>(?-i:[A-ZÉÈa-zéè])[\w'-]+)"
    # (« Oui bonjour, c'est Jordi, antenniste »: set off, then what he does)
    r"(?:\s*,\s*(?:de\b|du\b|d['’]|des\b|je\b|j['’]|moi\b|la\b|le\b|l['’]|pour\b"
    r"|(?-i:[a-zà-ÿ]))"
    # « c'est Marco de la pizzeria Il Forno », « c Gwen de la creperie »: no comma needed
    r"|\s+(?:de\s+la|de\s+l['’]|du|des|de\s+chez|de(?=\s+(?-i:[A-ZÉÈ])))\s)",
    re.IGNORECASE,
)
#: « Bastien c'est mon prénom », « Karim, c'est mon nom », « Et Louise c'est moi, hein »
_NAME_IS_MINE_RE = re.compile(
    r"\b(?P<name>[A-ZÉÈ][\w'-]+(?:\s+[A-ZÉÈ][\w'-]+)?)\s*,?\s+c\s*['’]?\s*est\s+"
    r"(?:mon\s+(?:pr[ée]nom|nom)\b|moi(?=[\s,.!?]|$))"
)
#: A first name and a surname or two (« Pierre-Yves Guillou », « Maëlle Le Gall »)
_FULL_NAME = r"[A-ZÉÈ][\w'-]+(?:\s+(?:Le|La|De|Du|Da|Van)?\s*[A-ZÉÈ][\w'-]+){1,2}"
#: A greeting, and the words that may come around it (« Oui bonjour », « Alors bonjour, euh »)
_GREETING = (
    rf"^\W*{_OPENING_WORDS}(?i:(?:bonjour|bonsoir|salut|slt|bjr|allo|allô|hello|coucou|yo|hey"
    rf"|hi)\W+){_OPENING_WORDS}"
)
#: « Bonjour, Pierre-Yves Guillou, pédicure-podologue. »: a greeting, then a full name set off
_GREETED_PERSON_RE = re.compile(
    rf"{_GREETING}"
    r"(?P<name>" + _FULL_NAME + r")\s*[,.]"
)
#: « Hello ! Léa, photographe freelance à Nantes »: a greeting, then a first name alone, then
#: what the person does
_GREETED_FIRST_NAME_RE = re.compile(
    rf"{_GREETING}"
    r"(?P<name>[A-ZÉÈ][\w'-]+)(?:\s*,\s+(?=[a-zà-ÿ])"
    # « Hello, Kevin de Blue Pool Services », « Yanis ici, j'ai un barber shop »
    r"|\s+(?:de|du|d['’])\s*(?=[A-ZÉÈ])|\s+ici\b)"
)
#: « slt c karim jai une pizzeria », « coucou c sandra de Nail's Factory »: a first name typed
#: in lower case after « c'est » at the start
_SMS_CEST_NAME_RE = re.compile(
    # (or a sentence on: « bjr poissonnerie le chalut, 3 place du marche. c kevin le patron »)
    rf"(?:^\W*|[.!?]\s+){_OPENING_WORDS}(?i:(?:bonjour|bonsoir|salut|slt|bjr|hello|coucou|yo|hey|cc)\W+)?"
    r"(?i:c\s*['’]?\s*est|c)\s+(?P<name>[a-zà-ÿ][a-zà-ÿ-]{2,})\b"
    r"(?=\s*(?:,|\.|$|de\b|du\b|d['’]|j|ici\b|la\b|le\b))"
)
#: « c'est Cédric au fait », « nathalie, la gérante »: the owner names themself in passing
_IN_PASSING_RE = re.compile(
    r"(?:\b(?i:c\s*['’]?\s*est)\s+(?P<a>[A-ZÉÈ][\w'-]+)\s+(?i:au\s+fait|d['’]ailleurs)\b"
    r"|^\W*(?P<b>[A-Za-zÀ-ÿ][\w'-]+)\s*,\s*(?i:(?:la|le)\s+(?:g[ée]rante?|patronne?|responsable"
    r"|propri[ée]taire|boss|directeur|directrice|fondateur|fondatrice))"
    # « Fatou Diallo, dirigeante de Net'Pro Services », « Jordan, manager de FitZone »
    r"|(?:^|[,.!?:]\s*)(?P<c>[A-ZÉÈ][\w'-]+(?:\s+(?:Le|La|De|Du|Da|Van)?\s*[A-ZÉÈ][\w'-]+)?)"
    r"\s*,\s*(?i:(?:la|le)\s+)?(?i:dirigeante?|g[ée]rante?|fondat(?:eur|rice)|co-?fondat(?:eur|rice)"
    r"|manager|responsable|patronne?|directeur|directrice|owner|founder)\s+(?i:de|du|d['’]|des)\b)"
)
#: « …28 rue Victor Guichard. Alain Gauthier. »: a sentence that is only a full name
_NAME_SENTENCE_RE = re.compile(
    r"(?:^|[.!?]\s+)(?P<name>" + _FULL_NAME + r")"
    r"\s*[.!]?\s*$"
)


#: « jsuis nadia », « chui karim », « je suis julie » typed in lower case; « je suis samir
#: gerant de… », « je suis franck de depanage auto riviere »: the role or the business after it
_SMS_I_AM_RE = re.compile(
    r"(?i)(?:^|[\s,.!?])(?:je\s+suis|jsuis|jsui|chui|chuis|j'suis)\s+(?P<name>[a-zà-ÿ][a-zà-ÿ-]{2,})"
    r"\s*(?:[,.!?]|$|(?P<role>(?=(?:de|du|d['’]|gerante?|patronne?|responsable|proprietaire"
    r"|fondat\w*|dirigeante?)\b)))"
)
#: « bonjour, ludo de moto passion 86 »: a greeting, a first name in lower case, its business
_SMS_GREETED_NAME_RE = re.compile(
    rf"{_GREETING}(?P<name>[a-zà-ÿ][a-zà-ÿ-]{{2,}})"
    # (« hello! lina, pet sitter a strasbourg »: set off, then what she does)
    r"(?:\s+(?:de|du|d['’])\s*(?=\w)|\s*,\s*(?=[a-zà-ÿ]))"
)


#: « Madame Nathalie Berthier, pédicure-podologue à Tours »: the message opens on the speaker's
#: title and full name, set off
_TITLED_OPENING_RE = re.compile(
    rf"^\W*{_OPENING_WORDS}(?i:(?:bonjour|bonsoir|salut|hello)\W+)?"
    r"(?i:madame|monsieur|mme|mlle|mademoiselle|m\.|mr|docteur|dr\.?|ma[iî]tre|me)\s+"
    r"(?P<name>" + _FULL_NAME + r")\s*[,.:;]"
)


def _titled_opening(raw: str) -> str | None:
    m = _TITLED_OPENING_RE.search(raw)
    return _checked_person(m.group("name") if m else None, given_name)


def _sms_first_name(raw: str) -> str | None:
    """A first name typed in lower case after « je suis » (« jsuis nadia »): a first name for
    the word vectors, and set off (« je suis plombier » names a trade). Before a role or a
    business, or after a greeting, a first name that is no word of the language (« je suis
    samir gerant de… », « bonjour, ludo de moto passion »)."""
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    for pattern in (_SMS_I_AM_RE, _SMS_GREETED_NAME_RE):
        m = pattern.search(raw)
        if m is None:
            continue
        name = m.group("name")[:1].upper() + m.group("name")[1:]
        role = pattern is _SMS_GREETED_NAME_RE or m.group("role") is not None
        if role and is_lexicon_word(m.group("name")):
            continue  # « je suis vendeuse de… »
        said = first_name(m.group("name")) or given_name(m.group("name"))
        if said or (role and given_name(name)):
            return name
    return None


#: « moi je suis chasseuse immobilière, Emma, ma société c'est… »: what the owner does, then
#: their first name set off by commas
_ROLE_THEN_NAME_RE = re.compile(
    r"(?i:\bje\s+suis\s+)[^.!?;,]{2,60},\s*(?P<name>[A-ZÉÈ][\w'-]+(?:\s+[A-ZÉÈ][\w'-]+)?)"
    r"\s*(?:[,.!?]|$)"
)
#: « …place Charles de Gaulle. C'est Michel. », « Mon portable, 06 86 97 08 19, c'est
#: Didier. »: a sentence, or its last clause, that only says who speaks
_CEST_SENTENCE_RE = re.compile(
    r"(?:^|[.!?,]\s+)(?i:c\s*['’]?\s*est)\s+(?P<name>[A-ZÉÈ][\w'-]+(?:\s+[A-ZÉÈ][\w'-]+)?)"
    r"\s*(?:[.!?]|$)"
)
#: Before that clause, in its sentence, a word that makes it the business's name (« le nom,
#: c'est Florence »)
_NAMING_BEFORE_CLAUSE_RE = re.compile(
    r"(?i)\b(?:nom|appel\w*|enseigne|boutique|soci[ée]t[ée]|bo[iî]te)\b[^.!?]*$"
)
#: « Signé : Isabelle Renaud », « Votre interlocuteur sera Olivier Marchand », « …pour moi,
#: Sophie. »: the person who speaks, named where a letter or a form names them
_SIGNED_RE = re.compile(
    r"(?:\b(?i:sign[ée]e?)\s*[:,]?|\b(?i:(?:votre|notre|mon|ton)\s+(?:interlocut(?:eur|rice)"
    r"|contact|r[ée]f[ée]rente?))\s+(?i:sera|est|c['’]est|:)|\b(?i:moi)\s*,)\s*(?=[A-ZÉÈ])"
)


#: « je travaille sous mon nom, Loïc Perrier », « c'est juste mon nom, Maëlle Le Gall »
_UNDER_OWN_NAME_RE = re.compile(
    r"(?i:\b(?:sous|juste|simplement|seulement|a|à|en)\s+mon\s+(?:propre\s+)?nom)\s*(?:,|:|-)?\s*"
    r"(?i:c['’]est\s+)?(?=[A-ZÉÈ])"
)


def _under_own_name(raw: str) -> str | None:
    m = _UNDER_OWN_NAME_RE.search(raw)
    name = _person(raw, m.end(), need_capital=True) if m else None
    return _checked_person(name, given_name)


def _role_then_first_name(raw: str) -> str | None:
    m = _ROLE_THEN_NAME_RE.search(raw)
    return _checked_person(m.group("name") if m else None, given_name)


def _cest_sentence(raw: str) -> str | None:
    from allokoli.understanding.places import commune

    for m in _CEST_SENTENCE_RE.finditer(raw):
        if m.group(0)[:1] != ",":
            return _checked_person(m.group("name"), first_name)
        # the last clause of a sentence about something else: a first name, not a town
        sentence = raw[
            max(raw.rfind(".", 0, m.start()), raw.rfind("!", 0, m.start()), 0) : m.start()
        ]
        if _NAMING_BEFORE_CLAUSE_RE.search(sentence) or commune(m.group("name")) is not None:
            continue
        return _checked_person(m.group("name"), _name_word)
    return None


#: « dieteticienne a lorient, Emma Guillou, pas de nom de cabinet »: a full name set off by
#: commas in the middle of what the owner says about their work
_SET_OFF_FULL_NAME_RE = re.compile(
    r",\s*(?P<name>" + _FULL_NAME + r")"
    r"\s*(?=,|\.|;|$)"
)


def _set_off_full_name(raw: str) -> str | None:
    from allokoli.understanding.places import commune

    for m in _SET_OFF_FULL_NAME_RE.finditer(raw):
        name = m.group("name")
        words = [w for w in name.split() if w not in _SURNAME_PARTICLES]
        if commune(name) is not None or not all(person_word(w, unknown=True) for w in words[1:]):
            continue
        if found := _checked_person(name, given_name):
            return found
    return None


def _name_word(word: str) -> bool:
    """A first name, or a word whose vector lies among names (« Fred »)."""
    return given_name(word) or person_word(word, unknown=False)


def _signed(raw: str) -> str | None:
    """« Signé : Isabelle Renaud, expert-comptable », « votre interlocuteur sera Olivier
    Marchand », « …pour moi, Sophie. » (a first name alone closes its clause)."""
    for m in _SIGNED_RE.finditer(raw):
        name = _person(raw, m.end(), need_capital=True)
        if name is None:
            continue
        closes = re.match(r"\s*(?:[,.;!?]|$)", raw[m.end() + len(name) :]) is not None
        if " " not in name and not closes:
            continue
        if found := _checked_person(name, given_name):
            return found
    return None


def _checked_person(name: str | None, is_first_name: Callable[[str], bool]) -> str | None:
    """A name a pattern read, kept when its first word passes the test of first names and no
    other word makes it a business."""
    if name is None or not is_first_name(name.split()[0]):
        return None
    return _not_a_business(name)


def _not_a_business(name: str) -> str | None:
    """The name, unless a word after the first is a word of the language that no name shares
    (« Marie Coiffure »: a business)."""
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    words = [w for w in name.split() if w not in _SURNAME_PARTICLES]
    if any(is_lexicon_word(w.lower()) and not person_word(w) for w in words[1:]):
        return None
    if words and _common_word(words[0]) and not person_word(words[0]):
        return None  # « Plomberie Martin, gérant de… »
    return name


def _first_name_said(raw: str) -> str | None:
    """A first name the owner gives as theirs: said first when calling (« c'est Martine, de la
    boulangerie… ») or named as such (« Bastien c'est mon prénom »)."""
    for pattern in (_CEST_FIRST_NAME_RE, _NAME_IS_MINE_RE):
        for m in pattern.finditer(raw):
            # « Et Louise c'est moi »: the name starts at its first name
            words = m.group("name").split()
            while words and not given_name(words[0]):
                words = words[1:]
            if words and words[0].islower():
                from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

                # « c nico »: a first name typed in lower case, when it is one and no word
                if pattern is not _CEST_FIRST_NAME_RE or is_lexicon_word(words[0]):
                    continue
                words = [w.capitalize() for w in words]
            if words:
                return " ".join(words)
    return None


def _of_business(m: re.Match[str]) -> bool:
    """« Yo, Ryan de Pure Shine Detailing »: after a greeting, a capitalised word that is no
    word of the language nor a town, then « de » and the business: a person."""
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy
    from allokoli.understanding.places import commune

    word = m.group("name")
    tail = m.group(0)[m.end("name") - m.start() :]
    return (
        re.match(r"\s+(?:de|du|d['’])", tail) is not None
        and re.fullmatch(r"[A-ZÉÈ][a-zà-ÿ]+(?:-[A-ZÉÈ]?[a-zà-ÿ]+)?", word) is not None
        and not is_lexicon_word(word.lower())
        and commune(word) is None
    )


def _opening_person(raw: str) -> str | None:
    """« Bonjour, Pierre-Yves Guillou, pédicure-podologue »: after a greeting, a first name and
    a surname set off by a comma are the person speaking; so is a first name alone (« Hello !
    Léa, photographe »), and a message that ends on a full name (« …, 28 rue Victor Guichard.
    Alain Gauthier. »)."""
    alone = _GREETED_FIRST_NAME_RE.search(raw)
    if alone is not None and (given_name(alone.group("name")) or _of_business(alone)):
        return alone.group("name")
    sms = _SMS_CEST_NAME_RE.search(raw)
    if sms is not None and given_name(sms.group("name").capitalize()):
        return sms.group("name")[:1].upper() + sms.group("name")[1:]
    passing = _IN_PASSING_RE.search(raw)
    if passing is not None and passing.group("c"):
        return _not_a_business(passing.group("c"))
    if passing is not None:
        said = passing.group("a") or passing.group("b")
        if given_name(said.capitalize()):
            return said[:1].upper() + said[1:]
    m = next(
        (
            found
            for pattern in (_GREETED_PERSON_RE, _NAME_SENTENCE_RE)
            if (found := pattern.search(raw)) is not None
            and (first_name if pattern is _NAME_SENTENCE_RE else given_name)(
                found.group("name").split()[0]
            )
        ),
        None,
    )
    if m is None:
        return None
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    words = [w for w in m.group("name").split() if w not in _SURNAME_PARTICLES]
    if any(is_lexicon_word(w.lower()) and not person_word(w) for w in words[1:]):
        return None  # « Bonjour, Marie Coiffure, … »: a business
    return m.group("name")


_NAMING_BEFORE_RE = re.compile(
    r"(?i)(?:app?ell?e\w*|nomm\w*|\bnom\b[^.!?]{0,12}|chez|entreprise|soci[ée]t[ée]|enseigne"
    r"|activit[ée]|bo[iî]te|cabinet|salon|boutique|marque)\s*(?:c['’]?\s?est|:)?\s*[«\"“]?\s*$"
)


#: The name said again in full right after (« Je m'appelle Ronan. Ronan Lebreton. », « le
#: docteur Payet, Marie Payet »)
_RESTATED_RE = (
    r"\s*[.,]\s*(?P<full>" + _FULL_NAME + r")"
    r"(?P<end>\s*[.!?]|\s*$|\s*,)"
)


def _restated(raw: str, name: str) -> str | None:
    """The owner's name said again in full right after: the same first name or surname with
    the rest (« Ronan. Ronan Lebreton. », « Docteur Payet, Marie Payet »), or a full name that
    stands alone as a sentence after a first name (« Moi c'est Fred. Frédéric Dunand. »)."""
    m = re.search("(?i:" + re.escape(name) + ")" + _RESTATED_RE, raw)
    if m is None:
        return None
    full = m.group("full")
    words = name.split()
    if not first_name(full.split()[0]):
        return None
    shares = any(w in full.split() for w in words if not _TITLE_RE.match(fold(w).rstrip(".")))
    alone = len(words) == 1 and m.group("end").strip() in (".", "!", "?", "")
    return full if shares or alone else None


def _fuller(raw: str, name: str) -> str:
    """« moi c'est Thierry, …, Thierry Vallée »: the first name said, then in full. A title
    before a first name and a surname is a courtesy, not part of the name (« Docteur François
    Aubry » is François Aubry; « Mme Durand » keeps it, having no first name)."""
    words = name.split()
    if len(words) >= 3 and _TITLE_RE.match(fold(words[0]).rstrip(".")) and first_name(words[1]):
        return " ".join(words[1:])
    restated = _restated(raw, name)
    if restated is not None:
        return restated
    if len(words) != 1:
        return name
    m = re.search(rf"\b{re.escape(name)}\s+((?:(?:Le|La|De|Du|Da|Van)\s+)?[A-ZÉÈ][\w'-]+)", raw)
    if m is None:
        return name
    before = raw[max(0, m.start() - 40) : m.start()]
    if _NAMING_BEFORE_RE.search(before) or BUSINESS_NAMED_BEFORE_RE.search(before.rstrip()):
        return name  # « mon activité s'appelle Julie Coaching »: the business, not her
    if re.search(r"\b(?:Atelier|Salon|Studio|Cabinet|Institut|Boutique|Maison|Chez)\s+$", before):
        return name  # « Atelier Rosa Couture »: the business named after her
    from allokoli.understanding.nlp import entities, is_lexicon_word  # deferred: loads spaCy

    full = f"{name} {m.group(1)}"
    surname = m.group(1).split()[-1]
    person = any(e.label == "PER" and e.text == full for e in entities(raw))
    if not person and is_lexicon_word(surname.lower()) and not person_word(surname):
        return name  # « Thierry Paysagiste »: a trade, not a surname
    return full
