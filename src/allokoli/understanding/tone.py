"""The assistant's voice gender, register (tutoiement / vouvoiement) and style."""

from __future__ import annotations

import re

from allokoli.domain.profile import Register, Style, VoiceGender
from allokoli.understanding.normalize import fold, prepare

_VOICE_CUE_RE = re.compile(
    r"\b(?:voix|vocal\w*|timbre|parle|parler|repond\w*|reponde|decroche|assistant\w*|standardiste"
    r"|secretaire|interlocut\w*|qu'il soit|qu'elle soit|que ce soit|personnage|genre|sexe"
    r"|je prefere|je prefererais|plutot|mettez|mets|prenez|prends|choisis|choisissez|je veux"
    r"|je voudrais|j'aimerais)\b"
)
_FEM = (
    r"feminine?s?|femme|femmes|fille|nana|meuf|dame|madame|female|woman|girl|feminin|fem"
    r"|une voix de femme|une femme|la femme"
)
_MASC = (
    r"masculine?s?|homme|hommes|garcon|gars|mec|monsieur|male|man|guy|masculin|masc|type"
    r"|un homme|bonhomme"
)
_GENDER_RE = re.compile(rf"\b(?P<fem>{_FEM})\b|\b(?P<masc>{_MASC})\b")
_GENDER_NEG_RE = re.compile(
    r"(?:\bpas\s+(?:de\s+|d'|une?\s+|la\s+|le\s+)?(?:voix\s+)?(?:de\s+|d'|d'une?\s+)?"
    r"|\bplutot\s+que\s+(?:de\s+|d')?(?:une?\s+)?(?:voix\s+)?(?:de\s+|d')?"
    r"|\bplutot\s+qu'(?:une?\s+)?(?:voix\s+)?(?:de\s+|d')?|\bsurtout\s+pas\s+(?:de\s+|d'|une?\s+)?"
    r"(?:voix\s+)?(?:de\s+|d')?|\bsans\s+(?:voix\s+)?(?:de\s+|d')?|\bni\s+(?:voix\s+)?(?:de\s+"
    r"|d')?)$"
)
_OPPOSITE = {
    VoiceGender.FEMININE: VoiceGender.MASCULINE,
    VoiceGender.MASCULINE: VoiceGender.FEMININE,
}


#: « voix h », « voix f »: the initial right after the word « voix ».
_VOICE_INITIAL_RE = re.compile(r"\bvoix\s*:?\s*(?P<letter>[hmf])\b(?!')")


def extract_voice_gender(text: str, *, expecting: bool = False) -> VoiceGender | None:
    """Feminine or masculine voice ("voix d'homme", "plutôt féminine", "un mec", "voix h").
    Gender words count only near a voice cue ("voix", "qui réponde"…) unless ``expecting`` is
    set, so that "coupe femme 35 €" says nothing about the voice."""
    low = prepare(text).raw_low
    initial = _VOICE_INITIAL_RE.search(low)
    if initial is not None:
        letter = initial.group("letter")
        return VoiceGender.FEMININE if letter == "f" else VoiceGender.MASCULINE
    if expecting:
        letter = low.strip(" .!?")
        if letter in ("h", "m", "masc", "mec", "gars"):
            return VoiceGender.MASCULINE
        if letter in ("f", "fem", "meuf", "nana"):
            return VoiceGender.FEMININE
    chosen: VoiceGender | None = None
    negated: VoiceGender | None = None
    for m in _GENDER_RE.finditer(low):
        gender = VoiceGender.FEMININE if m.group("fem") else VoiceGender.MASCULINE
        word = m.group(0)
        sentence_start = max(low.rfind(c, 0, m.start()) for c in ".;!?\n")
        before = low[max(sentence_start + 1, m.start() - 60) : m.start()]
        strong = word.startswith(("feminin", "masculin"))
        if not (expecting or _VOICE_CUE_RE.search(before) or (strong and not _in_service(low, m))):
            # a cue right after: "une femme pour la voix"
            after = low[m.end() : m.end() + 25]
            if not re.search(r"\b(?:voix|qui (?:repond|parle|decroche))", after):
                continue
        if word == "type" and not re.search(r"\bun\s+$", before):
            continue
        if _GENDER_NEG_RE.search(before):
            if negated is None:
                negated = gender
            continue
        if chosen is None:
            chosen = gender
    if chosen is not None:
        return chosen
    if negated is not None:
        return _OPPOSITE[negated]
    return None


def _in_service(low: str, m: re.Match[str]) -> bool:
    """'coiffure féminine', 'coupe masculine' describe a service, not the voice."""
    return bool(
        re.search(
            r"\b(?:coupe|coiffure|soins?|clientele|mode|rayon|vetements?|tenue"
            r"|equipe|public)\s+$",
            low[max(0, m.start() - 20) : m.start()],
        )
    )


_TU_RE = re.compile(
    r"\b(?:tutoi\w*|tutoy\w*|tutoiement|tu|toi|te)\b|\bon\s+se\s+dit\s+tu\b|\bdire\s+tu\b"
)
_VOUS_RE = re.compile(r"\b(?:vouvoi\w*|vouvoy\w*|vouvoiement|vous)\b|\bdire\s+vous\b")
_REGISTER_STRONG_RE = re.compile(r"\b(?P<tu>tutoi\w*|tutoy\w*)|\b(?P<vous>vouvoi\w*|vouvoy\w*)")
_REGISTER_NEG_RE = re.compile(
    r"(?:\bpas\s+(?:de\s+|du\s+|le\s+)?|\bsurtout\s+pas\s+(?:de\s+)?|\bsans\s+|\bne\s+\w+\s+pas\s+"
    r"(?:de\s+)?|\bplutot\s+que\s+(?:de\s+)?|\bn'\w+\s+pas\s+|\bjamais\s+(?:de\s+)?"
    r"|\bpas\s+question\s+de\s+|\bevite[rz]?\s+(?:de\s+|le\s+)?|\bon\s+ne\s+|\bne\s+)$"
)


#: « tutoiement non, vouvoiement »: a negation right after the word.
_REGISTER_NEG_AFTER_RE = re.compile(r"\s*,?\s*(?:pas|jamais|non)\b(?!\s+merci)")
#: A bare « tu » / « vous » between list separators, after a number or a « ton » cue, and
#: before a separator, the end or another setting (« voix »).
_BARE_REGISTER_RE = re.compile(
    r"(?:^|[,;:/\n]|\.\s|\d\s|\bton\s|\btone\s|\bregistre\s)\s*(?P<w>tu|vous)"
    r"(?:\s+plut[oô]t)?\s*(?=$|[,.;!/\n]|voix\b)"
)


def extract_register(text: str, *, expecting: bool = False) -> Register | None:
    """Vouvoiement or tutoiement ("on peut tutoyer", "pas de tutoiement", bare "tu"/"vous" when
    the question was about it)."""
    low = prepare(text).raw_low
    chosen: Register | None = None
    negated: Register | None = None
    for m in _REGISTER_STRONG_RE.finditer(low):
        reg = Register.TUTOIEMENT if m.group("tu") else Register.VOUVOIEMENT
        before = low[max(0, m.start() - 30) : m.start()]
        after = low[m.end() : m.end() + 12]
        if _REGISTER_NEG_RE.search(before) or _REGISTER_NEG_AFTER_RE.match(after):
            negated = negated or reg
            continue
        chosen = chosen or reg
    if chosen is None and negated is None and not expecting:
        # a bare « tu » / « vous » standing as an item of its own in a list of settings
        # (« 07 30 30 30 30, vous, voix h », « tone tu »): the owner names the register
        bare = {m.group("w") for m in _BARE_REGISTER_RE.finditer(low)}
        if len(bare) == 1:
            chosen = Register.VOUVOIEMENT if bare == {"vous"} else Register.TUTOIEMENT
    if chosen is None and negated is None and expecting:
        stripped = re.sub(r"[^\w' ]", " ", low).split()
        has_tu = any(w in ("tu", "tutoie", "toi") for w in stripped)
        has_vous = any(w in ("vous", "vouvoie") for w in stripped)
        if has_tu and not has_vous:
            chosen = Register.TUTOIEMENT
        elif has_vous and not has_tu:
            chosen = Register.VOUVOIEMENT
        elif has_tu and has_vous:
            # "vous plutôt que tu", "plutôt tu que vous": the first one wins unless negated
            first_tu = min(i for i, w in enumerate(stripped) if w in ("tu", "tutoie", "toi"))
            first_vous = min(i for i, w in enumerate(stripped) if w in ("vous", "vouvoie"))
            chosen = Register.TUTOIEMENT if first_tu < first_vous else Register.VOUVOIEMENT
        if (
            re.search(r"\b(?:formel|poli|respect|pro|professionnel|serieux)", low)
            and chosen is None
        ):
            chosen = Register.VOUVOIEMENT
        if re.search(r"\b(?:familier|copain|pote|decontract|cool)\b", low) and chosen is None:
            chosen = Register.TUTOIEMENT
    if chosen is not None:
        return chosen
    if negated is not None:
        return Register.VOUVOIEMENT if negated is Register.TUTOIEMENT else Register.TUTOIEMENT
    return None


_STYLE_WORDS: dict[Style, str] = {
    Style.FORMEL: (
        r"formel\w*|pro|professionnel\w*|serieu\w*|soutenu\w*|carre\w*|classique\w*|sobre\w*"
        r"|strict\w*|courtois\w*|poli\w*|elegant\w*|distingue\w*|corporate|institutionnel\w*"
        r"|protocolaire|neutre\w*|rigoureu\w*|haut de gamme|chic|solennel\w*|respectueu\w*"
    ),
    Style.CHALEUREUX: (
        r"chaleureu\w*|chaleur|sympa\w*|aimable\w*|accueillant\w*|souriant\w*|gentil\w*"
        r"|convivial\w*|amical\w*|humain\w*|agreable\w*|familial\w*|cordial\w*|avenant\w*"
        r"|bienveillant\w*|attentionne\w*|doux|douce|chaleureusement|affectueu\w*|proche\w*"
    ),
    Style.DYNAMIQUE: (
        r"dynamique\w*|energique\w*|pechu\w*|punchy|enthousiaste\w*|vif|vive|tonique\w*|motive\w*"
        r"|rapide\w*|efficace\w*|direct\w*|energie|peps|pep's|jeune\w*|entrainant\w*|vivant\w*"
        r"|enjoue\w*|percutant\w*|speed"
    ),
    Style.RASSURANT: (
        r"rassurant\w*|calme\w*|pose|posee|poses|posees|apaisant\w*|patient\w*|serein\w*|zen"
        r"|empathique\w*|comprehensi\w*|a l'ecoute|ecoute|rassure\w*|doux et calme"
        r"|tranquillisant\w*|bienveillance|securisant\w*|delicat\w*|compatissant\w*"
    ),
    Style.DECONTRACTE: (
        r"decontract\w*|cool|detendu\w*|relax\w*|familier\w*|casual|pas prise de tete|naturel\w*"
        r"|simple\w*|copain|pote|tranquille|fun|leger|legere|humour|marrant\w*|drole\w*|relaxe"
        r"|informel\w*|spontane\w*|pas coince\w*|easy|chill"
    ),
}
_STYLE_RE = re.compile(
    "|".join(f"\\b(?P<{s.name}>{words})\\b" for s, words in _STYLE_WORDS.items())
)
_STYLE_CUE_RE = re.compile(
    r"\b(?:ton|tone|style|voix|accueil|parle|parler|repond\w*|assistant\w*|qu'il soit|qu'elle soit"
    r"|que ce soit|plutot|registre|maniere|facon|ambiance|attitude|personnalite|allure|ambiance"
    r"|image|caractere|approche|tonalite|vibe|esprit|je (?:le |la )?veux|je voudrais|j'aimerais"
    r"|je prefere|quelque chose de|un truc|il faut|doit etre|soit|sonne|plus|moins|assez|tres"
    r"|reste[rz]?|rester)\b"
)


#: Degree words: a tone cue in a short answer (« plus calme »), not in a long description.
_DEGREE_RE = re.compile(r"\b(?:plus|moins|assez|tres|un peu|soit|sonne)\b")
_SHORT_ANSWER_WORDS = 15
_STYLE_NEGATION_RE = re.compile(r"\b(?:pas|ni|sans|jamais|surtout pas|trop peu)\s+(?:\w+\s+){0,2}$")
_WEAK_STYLE_WORDS = frozenset(
    ("pro", "direct", "simple", "rapide", "jeune", "proche", "ecoute", "poli", "naturel")
)
_STRONG_STYLE_CUE_RE = re.compile(
    r"\b(?:ton|tone|style|voix|plutot|soit|reste|tres|assez|un peu|quelque chose de|truc)\b"
)


#: The styles' own names, as the owner may write them (« rassurante », « décontractée »).
_STYLE_NAMES = ("formel", "chaleureu", "dynamique", "rassurant", "decontract")


def extract_style(text: str, *, expecting: bool = False) -> Style | None:
    """Tone of the assistant: formel, chaleureux, dynamique, rassurant or décontracté (with
    synonyms such as "pro", "sympa", "cool", "carré"). Needs a tone cue ("ton", "plutôt",
    "qu'il soit"…) unless ``expecting`` is set; negated words ("pas trop formel") are ignored."""
    low = prepare(text).raw_low
    said: list[tuple[str, str]] = []
    for m in _STYLE_RE.finditer(low):
        style_name = m.lastgroup
        if style_name is None:
            continue
        before = low[max(0, m.start() - 50) : m.start()]
        sentence = re.split(r"[.;!?\n]", before)[-1]
        if not expecting and not _STYLE_CUE_RE.search(sentence):
            continue
        if (
            not expecting
            and not _STYLE_CUE_RE.search(_DEGREE_RE.sub(" ", sentence))
            and len(low.split()) > _SHORT_ANSWER_WORDS
            and not _STRONG_STYLE_CUE_RE.search(_DEGREE_RE.sub(" ", low))
        ):
            # « le soir c'est plus calme » in a long introduction describes the business, not
            # how the assistant should sound: a degree word alone is no tone cue there
            continue
        if _STYLE_NEGATION_RE.search(sentence):
            continue
        # weak words ("pro", "simple"…) need a tone cue right in the sentence
        if (
            m.group(0) in _WEAK_STYLE_WORDS
            and not expecting
            and not _STRONG_STYLE_CUE_RE.search(sentence)
        ):
            continue
        said.append((style_name, m.group(0)))
    if said:
        # « doux, rassurant », « fun, dynamique »: the word that names a style outright wins
        # over the ones that lean to another
        named = [name for name, word in said if fold(word).startswith(_STYLE_NAMES)]
        return Style[named[0] if named else said[0][0]]
    if expecting and re.search(r"\bpas\s+trop\s+(?:formel|serieu|strict|coince)", low):
        return Style.DECONTRACTE
    return None
