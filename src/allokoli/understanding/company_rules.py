"""Rule-based company-name candidates ("s'appelle …", "chez …", a trade word then a capitalised
span); `names.extract_company_name` scores them with the French pipeline's entities."""

from __future__ import annotations

import re

from allokoli.understanding.normalize import FoldedText, Prepared, fold, prepare
from allokoli.understanding.textutil import (
    _title_if_lower,
    _wordset,
)

_TRADE_CONTAINERS = (
    "salon|salon de coiffure|restaurant|resto|entreprise|societe|boite|magasin|boutique|commerce"
    "|etablissement|affaire|structure|business|enseigne|cabinet medical|bar|cafe|hotel"
)
_TRADE_DISTINCTIVE = (
    "pizzeria|boulangerie|patisserie|boulangerie-patisserie|plomberie|garage|brasserie|creperie"
    "|boucherie|charcuterie|fromagerie|pharmacie|librairie|institut|cabinet|agence|atelier|studio"
    "|bistrot|bistro|traiteur|epicerie|fleuriste|pressing|auto-ecole|menuiserie|electricite"
    "|maconnerie|serrurerie|toilettage|clinique|centre|spa|barbershop|barber|onglerie|taverne"
    "|auberge|cantine|trattoria|osteria|sushi|kebab|burger|snack|fast-food|food truck|caviste"
    "|cave|bijouterie|opticien|optique|cordonnerie|laverie|chocolaterie|glacier|salon de the"
    "|chauffage|couverture|peinture|renovation|immobilier|conciergerie|taxi|ambulances|transports"
    "|dentiste|kine|osteo|veterinaire|notaire|avocat|expert-comptable|architecte|coiffure"
    "|coiffeur|esthetique|beaute|tattoo|tatouage|fitness|yoga|ecole|creche|camping|gite|domaine"
)
_NAME_CUE_RE = re.compile(
    r"(?:\b(?:ca|ça|sa|il|elle|on|cela|ce)\s+s'?\s*app?ell?e?\w*|\bse\s+nomm?e\w*"
    r"|\ba\s+pour\s+nom|\bporte\s+le\s+nom(?:\s+de)?|\bs'?\s*app?ell?e\w*"
    r"|\ble\s+nom\s+(?:de\s+(?:l'entreprise|la\s+societe|ma\s+boite|mon\s+\w+|l'\w+|la\s+\w+|"
    r"notre\s+\w+)\s+|commercial\s+|du\s+\w+\s+)?(?:c'est|est|:|=|ce\s+sera)"
    r"|\bnom\s+(?:commercial\s+|de\s+l'entreprise\s+|de\s+la\s+societe\s+)?(?::|=)"
    r"|\benseigne\s*(?::|c'est)|\bnotre\s+nom\s+(?:c'est|est)"
    r"|\b(?:mon|ma|notre|le|la|l')\s*(?:" + _TRADE_CONTAINERS + "|" + _TRADE_DISTINCTIVE + r")"
    r"(?:\s+(?:a\s+moi|de\s+coiffure|a\s+nous))?\s*(?:,\s*)?(?:c'est|ce\s+sera|est|:|=)(?!\s+(?:(?:un"
    r"|une|a|au|en|sur|dans|pas|tres|assez|plutot|toujours|souvent|bien|aussi)\b"
    r"|(?:ouvert|ferme|situe|install|specialis|bas[ee]|fait|complet|plein)\w*)))\s*"
)
_OWNER_CUE_RE = re.compile(
    r"\b(?:je\s+m'?\s*app?ell?e|j'm'?\s*app?ell?e|moi\s+c'est|moi\s+c\s*'?\s*est"
    r"|c\s*'?\s*est\s+moi\b\s*,?"
    r"|moi\s+c(?=\s+[a-z])|mon\s+nom\s*,?\s*(?:c'est|est|c\b|ce\b)"
    r"|mon\s+prenom\s*,?\s*(?:c'est|est|c\b|ce\b)|ici|demandez|demander|demande"
    r"|vous\s+pouvez\s+demander|je\s+me\s+presente\s*[:,]|je\s+me\s+nomme"
    r"|je\s+suis\s+(?:le|la)\s+(?:gerante?|patronne?|responsable|proprietaire|fondateur"
    r"|fondatrice|directeur|directrice)\b"
    r"|(?:le|la)\s+(?:patron|patronne|gerant|gerante|responsable|proprio|proprietaire|boss|chef)"
    r"\s*(?:c'est|est|:|s'appelle|se nomme)|c'est\s+(?=(?:madame|monsieur|mme|m\.|docteur|dr"
    r"|maitre)\b)"
    r"|je\s+suis\s+(?:le\s+|la\s+)?(?=(?:docteur|dr|maitre|me)\b))\s*"
)
_APPAREIL_RE = re.compile(r"(?:^|[\s,])([A-ZÉ][\w'-]+(?:\s+[A-ZÉ][\w'-]+)?)\s+(?:à|a)\s+l'appareil")
_JE_SUIS_RE = re.compile(r"\bje\s+suis\s+")
_NAME_STOP_WORDS = _wordset(
    "a au aux dans sur pres en on nous je j' qui que depuis situe situee situes ouvert "
    "ouverte ouverts avec pour mais donc c'est est sont il elle ca mon ma mes notre nos votre "
    "tel telephone numero adresse horaires specialise specialisee et ou car parce puisque "
    "quand comme voila merci bonjour svp vers ici la-bas pas ne n' y jsuis chui jai jfais jsui "
    "c ct g"
)
_NAME_LEAD_FILLER_RE = re.compile(
    r"^(?:\s|[,:;\-\"'«»“”])*(?:(?:alors|euh+|bah|ben|bon|oui|ouais|ok|okay|bonjour|salut|hello"
    r"|donc|eh bien|et bien|enfin|voila|en fait|c'est|c est|ce sera|ca sera|ce serait"
    r"|ca s'appelle|ca s'apelle|ca s'appel|sa s'appelle|il s'appelle|elle s'appelle"
    r"|on s'appelle|nous c'est|nous on s'appelle|le nom c'est|le nom est|le nom|nom|mon entreprise"
    r"|notre entreprise|ma societe|ma boite|mon commerce|mon salon|mon restaurant|mon resto"
    r"|l'entreprise|la societe|la boite|appelez-la|appelez le|appelle-le|je dirais|disons"
    r"|c'est moi|moi c'est|moi|pour le nom|comme nom|le nom sera|le nom ce sera|mettez|mettre"
    r"|on est|nous sommes|nous c'est|c'est nous|on va dire|mettons|je dirais|disons"
    r"|je l'ai appele|on l'a appele|je l'ai appelee|on l'a appelee|il faut mettre|mettez|mets"
    r"|c'est le|c'est la|c'est l')\b\s*[,:]?\s*)+"
)
_NOT_NAME_RE = re.compile(
    r"^(?:oui|non|nan|ouais|ok|merci|bonjour|salut|je ne sais pas|je sais pas|aucune idee|pas"
    r"|rien|personne|aucun|aucune|quoi|hein|pardon|comment|pourquoi|euh|bah|ben|bof|peut-etre"
    r"|un|une|le|la|les|des|mon|ma|mes|je|tu|il|elle|on|nous|vous|ils|elles|c'est|passer"
    r"|suivant|plus tard|recommencer|je suis)$"
)
_PARTICLES = _wordset(
    "de du des la le les l' d' da di del della dei van von et & and of the chez au aux à a "
    "sur sous en"
)


def _is_title_case(raw: str) -> bool:
    """ "Du Lundi Au Vendredi…": capitals carry no information in such a text."""
    words: list[str] = re.findall(r"[^\W\d_]+", raw)
    if len(words) < 5:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised >= 0.7 * len(words)


_NAME_INNER_WORDS = frozenset(
    ("nous", "vous", "moi", "toi", "lui", "eux", "au", "aux", "sur", "sous", "en", "dans")
)
# « Vidal père & fils », « Martin et associés »: a family ending written in lower case
_FAMILY_TAIL_RE = re.compile(
    r"(?:pere\s+)?(?:&|et)\s+(?:fils|filles|freres|soeurs|associes|associees|cie)\b"
    r"|(?:fils|filles|freres|soeurs|associes|associees|cie)$|pere\s+(?:&|et)"
)
_FAMILY_SUFFIX_RE = re.compile(
    r"(?:fils|filles|freres|soeurs|associes|associees|cie|compagnie|co)\b"
)


# a word, initials kept whole (« P.L. », « S.O.S »), or one punctuation mark
_PIECE_RE = re.compile(
    r"(?:[^\W_]\.){2,}(?![^\W_])|[^\s,;:.!?()\[\]«»\"“”]+(?:\.(?=\w)[^\s,;:.!?()\[\]«»\"“”]*)*"
    r"|[,;:.!?()\[\]«»\"“”]"
)
# an elided particle before a capital inside a name: « Sucre d'Orge », « Relais de l'Étang »
_ELIDED_CAPITAL_RE = re.compile(r"(?:d|l|D|L)['’][A-ZÀ-Ý0-9]")


#: Adverbs between a naming and the name (« c'est toujours … », « ça s'appelle désormais … »)
_LEADING_ADVERBS = frozenset(
    ["toujours", "encore", "maintenant", "desormais", "juste", "simplement", "donc",
     "plutot", "aussi", "deja", "officiellement", "actuellement"]
)  # fmt: skip


def _capture_name(raw: str, start: int, *, max_words: int = 6, need_capital: bool) -> str | None:
    """Read a name from ``raw[start:]``: quoted, or words until a stop word / punctuation."""
    rest = raw[start:]
    quoted = re.match(r"\s*[«\"“]\s*([^«»\"“”\n]{1,80}?)\s*[»\"”]", rest)
    if quoted:
        name = quoted.group(1).strip()
        return name or None
    words: list[str] = []
    title_case = _is_title_case(raw)
    for m in _PIECE_RE.finditer(rest):
        piece = m.group(0)
        if piece in ',;:.!?()[]«»"“”':
            if piece == "." and words and len(words[-1]) <= 2:
                continue
            break
        folded = fold(piece)
        if not words and piece.islower() and folded in _LEADING_ADVERBS:
            continue  # « le nom c'est toujours Maison Vidalenc »
        if folded in _NAME_STOP_WORDS:
            # a stop word inside a name keeps its capital or joins two capitalised words:
            # "Au Bon Pain", "Martin et Fils", "Coiff & Co"
            nxt = rest[m.end() :].lstrip()
            inside = (
                not title_case
                and (piece[:1].isupper() or (folded in ("et", "&") and words))
                and nxt[:1].isupper()
            )
            # "Chez Nous", "Le Bistrot Du Coin": a capitalised word inside a capitalised name
            inside = inside or bool(
                not title_case
                and folded in _NAME_INNER_WORDS
                and piece[:1].isupper()
                and words
                and all(w[:1].isupper() for w in words)
            )
            inside = inside or bool(
                folded in ("et", "&") and words and _FAMILY_SUFFIX_RE.match(fold(nxt))
            )
            if not inside:
                break
        if need_capital and not words and not piece[:1].isupper() and not piece[:1].isdigit():
            return None
        if (
            need_capital
            and words
            and not piece[:1].isupper()
            and folded not in _PARTICLES
            and not (piece[:1].isdigit())
            and not _ELIDED_CAPITAL_RE.match(piece)
        ):
            break
        words.append(piece)
        if len(words) >= max_words:
            break
    while words and fold(words[-1]) in _PARTICLES:
        words.pop()
    if not words:
        return None
    name = " ".join(words).strip(" -'")
    return name or None


def _clean_company(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" .,;:!?-\"'«»")
    if not name or len(name) > 120:
        return None
    low = fold(name)
    if _NOT_NAME_RE.match(low) or not re.search(r"[a-z0-9]", low):
        return None
    if _CHEZ_PRONOUN_RE.match(name):  # "chez moi" (a capital "Chez Nous" is a real name)
        return None
    return _title_if_lower(name)


_CHEZ_PRONOUN_RE = re.compile(r"^[Cc]hez (?:moi|nous|vous|lui|eux|soi|toi)$")


# These three are matched on the folded text (accents ignored); the capital letter that must
# follow is checked on the raw text.
_TRADE_NAME_RE = re.compile(r"\b(?P<trade>" + _TRADE_DISTINCTIVE + r")\s+")
_TRADE_NAME_AFTER_RE = re.compile(
    r"(?:[A-Z0-9ÉÈÀÎÔ]|(?:da|di|del|della|chez|du|des|de la|de l'|le|la|les|l'|au|aux)\s*[A-ZÉ]"
    r"|(?:da|di|del|della|chez)\s+[a-z])"
)
_LEADING_CONTAINER_RE = re.compile(
    r"(?:^|(?<=[.!?;]\s)|(?<=\n))\s*(?P<word>Salon|Restaurant|Resto|Hôtel|Hotel|Bar|Café|Cafe"
    r"|Boutique|Magasin|Maison|Les\s+Salons|Entreprise|Ets|Établissements|Etablissements)\s+"
)
_CONTAINER_NAME_RE = re.compile(
    r"\b(?:mon|ma|notre|le|la|l'|au|du)\s*(?:" + _TRADE_CONTAINERS + r")\s+"
)
_APPOSITIVE_RE = re.compile(
    r"\b(?:une?|le|la|l'|notre|mon|ma)\s*(?:" + _TRADE_CONTAINERS + "|" + _TRADE_DISTINCTIVE + r")"
    r"(?:\s+(?:de\s+)?[a-z-]+)?\s*(?:,|:|-|qui s'appelle)\s*"
)
_CAPITAL_AFTER_RE = re.compile(r"[A-Z0-9ÉÈÀÎÔ«\"“]")
_CHEZ_RE = re.compile(r"\b(?:c'est\s+)?chez\s+(?=\S)", re.IGNORECASE)
# "Cabinet de kinésithérapie du Dr Lefèvre", "Cabinet dentaire du Docteur Martin", "Étude de
# Maître Durand", "Garage de la Gare", "Salon de coiffure de Julie": a practice or shop word
# opening a sentence, what it does in lower case, then whose it is (a capitalised name).
_PRACTICE_OF_RE = re.compile(
    r"(?:^|(?<=[.!?;]\s)|(?<=\n)|(?<=^(?i:bonjour|bonsoir), )|(?<=^(?i:hello|salut), ))\s*"
    r"(?P<name>(?i:Cabinet|Centre|Clinique|Institut|Salon|Garage"
    r"|Agence|Atelier|Étude|Etude|Office|Pharmacie|Laboratoire|Maison|Boulangerie|Pâtisserie"
    r"|Boucherie|Librairie|Fleuriste|Cave|Épicerie|Epicerie|Auto-école|Auto-ecole)"
    r"(?:\s+(?:de|d'|du|des)?\s*[a-zà-ÿ][a-zà-ÿ'-]*){0,3}"
    r"\s+(?:du|de\s+la|de\s+l'|de|des|d')\s*(?:(?:Dr\.?|Docteure?|Maître|Me|Mme|M\.)\s+)?"
    r"[A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+){0,2}(?:\s+(?:et|&)\s+[A-ZÀ-Ý][\w'-]+)?)"
)
_JE_SUIS_DE_RE = re.compile(
    r"\b(?:je\s+suis|ici|c'est)\s+(?!(?:Le|La|Les|L'|Chez|Au|Aux)\b)[A-ZÉ][\w'-]+"
    r"(?:\s+[A-ZÉ][\w'-]+)?\s*,?\s+(?:de|du|de\s+la"
    r"|de\s+l'|d')\s*(?:(?:l'entreprise|la\s+soci[ée]t[ée]|la\s+boite|la\s+boîte|chez)\s+)?"
    r"(?=[A-Z«\"“])",
)


def _raw_folded_find(prepared: Prepared, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Match on the folded raw text and return spans in the raw text."""
    spans = []
    fmap: FoldedText = prepared.raw_folded
    for m in pattern.finditer(fmap.text):
        s, e = fmap.source_span(m.start(), m.end())
        spans.append((s, e))
    return spans


def _trade_name(prepared: Prepared) -> str | None:
    raw = prepared.raw
    fmap = prepared.raw_folded
    for m in _TRADE_NAME_RE.finditer(fmap.text):
        s, e = fmap.source_span(m.start(), m.end())
        if not _TRADE_NAME_AFTER_RE.match(raw, e):
            continue
        tail = _capture_name(raw, e, need_capital=False, max_words=5)
        if not tail:
            continue
        tail_words = tail.split()
        kept: list[str] = []
        italian = fold(tail_words[0]) in ("da", "di", "del", "della", "chez")
        for index, w in enumerate(tail_words):
            capital = (
                w[:1].isupper()
                or w[:1].isdigit()
                or fold(w) in _PARTICLES
                or _ELIDED_CAPITAL_RE.match(w) is not None
                or (index > 0 and _FAMILY_TAIL_RE.match(fold(" ".join(tail_words[index:]))))
            )
            if not capital and not (italian and len(kept) < 3):
                break
            kept.append(w)
        if italian:
            kept = _title_if_lower(" ".join(kept)).split()
        while kept and fold(kept[-1]) in _PARTICLES:
            kept.pop()
        if kept:
            trade = raw[s : fmap.source_span(m.end("trade") - 1, m.end("trade"))[1]]
            # « Le Bistrot des Halles vous accueille »: a capitalised article opening the
            # sentence is the name's own
            article = re.search(r"(?:^|[.!?]\s+)((?:Le|La|Les|Au|Aux)\s+|L['’])$", raw[:s])
            lead = article.group(1) if article else ""
            name = _clean_company(f"{lead}{trade[:1].upper()}{trade[1:]} {' '.join(kept)}")
            if name:
                return name
    return None


def _prefer_bare(prepared: Prepared, name: str, expecting_name: bool) -> str:
    """When the question was the name, a short bare answer containing the found name wins
    ("le salon de coiffure de Julie" rather than "Coiffure de Julie")."""
    if not expecting_name:
        return name
    bare = _bare_name(prepared)
    if bare and fold(name) in fold(bare) and len(bare.split()) <= 7:
        return bare
    return name


_PERSON_BEFORE_CUE_RE = re.compile(
    r"\b(?:patron|patronne|gerant|gerante|responsable|chef|associe|associee|femme|mari|fils"
    r"|fille|collegue|secretaire|assistante|employe|employee|apprenti|apprentie|proprio"
    r"|proprietaire|boss|directeur|directrice|docteur|medecin|pere|mere|frere|soeur)\s*$"
)


def rule_company_name(text: str, expecting_name: bool = False) -> str | None:
    """The business name read from explicit cues ("la Pizzeria Da Marco", "le salon s'appelle
    Belle Mèche", "ça s'appelle …", "nom : …", "je suis Marc de Plomberie Martin"). With
    ``expecting_name`` (the question was the name), a short bare answer is the name ("chez
    marco" → "Chez Marco"). One source of candidates for
    :func:`allokoli.understanding.names.extract_company_name`, which scores them."""
    if not text or not text.strip():
        return None
    prepared = prepare(text)
    raw = prepared.raw
    # 1. explicit cues
    for _s, e in _raw_folded_find(prepared, _NAME_CUE_RE):
        cue_text = fold(raw[_s:e])
        if re.search(r"\bje\s+m", raw[max(0, _s - 4) : e].lower()) or cue_text.startswith("je "):
            continue
        if _PERSON_BEFORE_CUE_RE.search(fold(raw[max(0, _s - 30) : _s])):
            continue  # "le patron s'appelle Antoine" is a person
        name = _clean_company(_capture_name(raw, e, need_capital=False))
        if name:
            after_chez = re.match(r"chez\s+(moi|nous|vous|lui|eux|soi)\b", fold(name))
            if not after_chez:
                return name
    # 2. "je suis Marc de Plomberie Martin"
    m = _JE_SUIS_DE_RE.search(raw)
    if m:
        name = _clean_company(_capture_name(raw, m.end(), need_capital=True))
        if name:
            return name
    # 3a. "Cabinet de kinésithérapie du Dr Lefèvre", "Garage de la Gare"
    for m in _PRACTICE_OF_RE.finditer(raw):
        name = _clean_company(m.group("name"))
        if name:
            return name
    # 3. "la Pizzeria Da Marco", "le restaurant Le Gourmet", "une pizzeria, La Bella Napoli"
    found = _trade_name(prepared)
    if found:
        return _prefer_bare(prepared, found, expecting_name)
    for pattern in (_APPOSITIVE_RE, _CONTAINER_NAME_RE):
        for _s, e in _raw_folded_find(prepared, pattern):
            if not _CAPITAL_AFTER_RE.match(raw, e):
                continue
            name = _clean_company(_capture_name(raw, e, need_capital=True))
            if name:
                return name
    # 4. "Salon Belle Mèche, coiffeuse à Bordeaux": a capitalised trade word opening a sentence,
    # followed by a capitalised word, is the start of the name itself.
    for m in _LEADING_CONTAINER_RE.finditer(raw):
        if not _CAPITAL_AFTER_RE.match(raw, m.end()):
            continue
        tail = _capture_name(raw, m.end(), need_capital=True, max_words=4)
        name = _clean_company(f"{m.group('word')} {tail}") if tail else None
        if name:
            return name
    # 5. "Chez Marco"
    for m in _CHEZ_RE.finditer(raw):
        after = raw[m.end() :]
        if re.match(
            r"(?i)(moi|nous|vous|lui|eux|soi|toi|elle|le client|les clients|mes|mon|ma)\b", after
        ):
            continue
        need_cap = not expecting_name
        name = _capture_name(raw, m.end(), need_capital=need_cap, max_words=4)
        if name:
            cleaned = _clean_company(f"Chez {_title_if_lower(name)}")
            if cleaned:
                return cleaned[0].upper() + cleaned[1:]
    # 6. bare answer
    if expecting_name:
        return _bare_name(prepared)
    return None


_BARE_NAME_CUE_RE = re.compile(
    r"\b(?:je dirais|disons|mettons|on va dire|ce sera|ca sera|mettez|mets|appelez-le"
    r"|appelez-la|je l'appellerais)\s*:?\s*"
)


def _bare_name(prepared: Prepared) -> str | None:
    raw = prepared.raw.strip()
    fmap = prepared.raw_folded
    low = fmap.text
    cue = _BARE_NAME_CUE_RE.search(low)
    offset = cue.end() if cue else 0
    lead = _NAME_LEAD_FILLER_RE.match(low[offset:])
    start = offset + (lead.end() if lead else 0)
    if start >= len(low):
        return None
    s, _ = fmap.source_span(start, start + 1)
    rest = prepared.raw[s:]
    if "?" in rest:
        return None
    name = _capture_name(rest, 0, need_capital=False, max_words=7)
    name = _clean_company(name)
    if not name:
        return None
    total_words = len(raw.split())
    if total_words > 14 and len(name.split()) < 2:
        return None
    return name
