"""Yes / no in every register: "ouais", "dac", "carrément", "nan", "pas du tout", "oui mais…".

Rules, in order:
1. doubt ("je sais pas", "peut-être", "bof", "oui et non") → None;
2. a self-correction ("non… enfin si", "oui, euh non en fait") → the last answer;
3. otherwise the first decisive expression wins ("oui mais…" → True, "non merci c'est bon" →
   False), a positive word under negation ("pas d'accord", "c'est pas bon", "pas vraiment")
   being negative.
"""

from __future__ import annotations

import re

from allokoli.understanding.normalize import prepare

__all__ = ["parse_yes_no"]

_EMOJI_YES = ("👍", "✅", "👌", "🙂", "😀", "😊", "🆗", "✔")
_EMOJI_NO = ("👎", "❌", "🚫", "✖", "⛔")

_DOUBT_RE = re.compile(
    r"\b(?:je (?:ne )?sais pas|j'?sais pas|sais pas|chais pas|jsp|je ne sais|aucune idee"
    r"|peut[- ]?etre|p'?t'?et?re|pe|bof|mouais|ptet|pas sur|pas certain\w*|j'hesite|a voir"
    r"|ca depend|sa depend|oui et non|non et oui|moyen|je vais reflechir|faut voir|on verra"
    r"|je verrai|ni oui ni non|je me demande|hmm+|euh+\s*$)\b"
)
_CORRECTION_RE = re.compile(
    r"\b(?:enfin|plutot|en fait|finalement|euh|ah|oh|pardon|attends?|non en fait|ou plutot)\b"
    r"\s*,?\s*(?P<rest>.*)$"
)

_NEGATIVE = (
    r"non|nan|nann+|nope|no|noo+|niet|nein|nn|nop|pas du tout|surtout pas|absolument pas"
    r"|certainement pas|pas question|hors de question|jamais|non merci|pas vraiment|pas trop"
    r"|pas tellement|pas exactement|pas tout a fait|pas forcement|pas besoin|pas la peine|inutile"
    r"|negatif|faux|c'est faux|incorrect|erreur|pas d'accord|pas ok|pas bon|c'est pas ca"
    r"|c'est pas bon|ce n'est pas ca|ce n'est pas bon|ca ne va pas|ca va pas|ca me va pas"
    r"|ca ne me va pas|ca me convient pas|ca ne me convient pas|pas ca|je refuse|refuse"
    r"|je ne pense pas|je pense pas|je crois pas|je ne crois pas|je ne veux pas|je veux pas"
    r"|je prefere pas|je ne prefere pas|plutot pas|plutot non|pas envie|sans facon|ca ira"
    r"|non non|nan nan|pas pour moi|je ne suis pas d'accord|je suis pas d'accord|pas du tout ca"
    r"|ne (?:\w+ )?pas|n'(?:\w+ )?pas|aucunement|nullement|pas maintenant|que dalle|nada"
    r"|c'est mauvais|pas correct|pas juste|rate|pas terrible"
)
_POSITIVE = (
    r"oui|ouii+|ouai|ouais|ouaip|ouep|oue|ouep|wi|wii+|ui|yes|yess+|yep|yup|ya|ok|okay|oki|okk+"
    r"|okey|oke|okai|d'accord|d'acc|d'ac|dac|dacc|daccord|d accord|ca marche|ca me va"
    r"|ca me convient"
    r"|ca me plait|c'est bon|c bon|cbon|c'est tout bon|tout bon|parfait|parfaitement|exactement"
    r"|exact|tout a fait|carrement|bien sur|bien entendu|evidemment|evidement|volontiers"
    r"|absolument|certainement|effectivement|c'est ca|c ca|c'est exact|c'est correct|correct"
    r"|c'est juste|juste|nickel|impeccable|super|genial|top|au top|tres bien|tres bon|bien vu"
    r"|vas-y|vas y|allez-y|allez y|go|on y va|valide|je valide|je confirme|confirme|confirmee"
    r"|affirmatif|entendu|ca roule|banco|avec plaisir|pourquoi pas|bonne idee|je veux bien"
    r"|j'accepte|accepte|ok pour moi|c'est ok|c'est parfait|ca ira tres bien|si|si si|mais si"
    r"|ah si|bien|cool|ca me va tres bien|oui oui|grave|clairement|sans doute|sans aucun doute"
    r"|assurement|ouais ouais|c'est bien ca|tout juste|voila|ben oui|bah oui|bien sur que oui"
    r"|of course|sure|yeah|yeap|evidemment oui|impec|nikel|parfe|parfai|okidoki|okidoc|roger"
)

_NEG_TOKEN_RE = re.compile(rf"(?<![\w'])(?:{_NEGATIVE})(?![\w'])")
_POS_TOKEN_RE = re.compile(rf"(?<![\w'])(?:{_POSITIVE})(?![\w'])")
_NEGATION_BEFORE_RE = re.compile(r"(?:\bpas|\bne|\bn'|\bnon|\bjamais|\bplus)\s*(?:\w+\s+){0,1}$")
_POSITIVE_NEGATABLE = re.compile(
    r"^(?:ok|bon|bien|d'accord|d'acc|dac|juste|correct|parfait"
    r"|exact|top|super|genial|ca|c'est|exactement|vraiment"
    r"|tout a fait|forcement|sur|certain)"
)
# Expressions that contain "non"/"pas" but are neither yes nor no.
_NOT_YES_NO_RE = re.compile(
    r"\bnon[- ]?stop\b|\bnon seulement\b|\bnon plus\b|\bnon loin\b|\bpas mal de\b"
)
_WEAK_YES = frozenset(
    ("bien", "juste", "go", "top", "super", "cool", "grave", "voila", "ya", "sure")
)
_SI_CONDITIONAL_RE = re.compile(r"^si\s+(?!si\b|c'est\b|!|,|\.|$)")


def _first_decision(low: str) -> bool | None:
    neg = _NEG_TOKEN_RE.search(low)
    pos = None
    for m in _POS_TOKEN_RE.finditer(low):
        text = m.group(0)
        if text in ("si",) and (
            _SI_CONDITIONAL_RE.match(low[m.start() :])
            or not re.fullmatch(r"(?:\s*(?:ah|oh|eh|mais|bah|ben|que|si))*\s*", low[: m.start()])
        ):
            continue
        if text in _WEAK_YES and len(low.split()) > 2:
            continue  # weak words count only in very short answers
        before = low[max(0, m.start() - 20) : m.start()]
        if _NEGATION_BEFORE_RE.search(before) and _POSITIVE_NEGATABLE.match(text):
            neg_here = m.start()
            if neg is None or neg.start() > neg_here:
                return False
            continue
        if re.match(r"\s+pas\b(?!\s+de\s+(?:souci|probleme))", low[m.end() :]) and text not in (
            "pourquoi pas",
        ):
            return False  # "carrément pas", "d'accord pas du tout"
        pos = m
        break
    if neg is None and pos is None:
        return None
    if neg is None:
        return True
    if pos is None:
        return False
    return pos.start() < neg.start()


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when unclear or unrelated."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    low = prepare(raw).low
    low = _NOT_YES_NO_RE.sub(" ", low)
    low = re.sub(r"[!?.…,;:()\"]+", " ", low)
    low = re.sub(r"\s+", " ", low).strip()
    if not low:
        if any(e in raw for e in _EMOJI_YES):
            return True
        if any(e in raw for e in _EMOJI_NO):
            return False
        return None
    if _DOUBT_RE.search(low):
        # "oui je sais pas trop" is still doubt; "non, je ne sais pas faire ça" is rare
        decision = _first_decision(_DOUBT_RE.sub(" ", low))
        if decision is None or not re.match(r"^(?:oui|non|nan|ouais)\b", low):
            return None
    first = _first_decision(low)
    correction = _CORRECTION_RE.search(low)
    if correction is not None and first is not None:
        later = _first_decision(correction.group("rest"))
        if later is not None and later != first:
            return later
    if first is None:
        if any(e in raw for e in _EMOJI_YES):
            return True
        if any(e in raw for e in _EMOJI_NO):
            return False
    return first
