"""Phone numbers by role (the transfer number, the business line), when to transfer, and
recording consent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from allokoli.understanding.normalize import prepare
from allokoli.understanding.phones import PhoneMatch, find_phones_prepared
from allokoli.understanding.textutil import (
    TAKEN_BACK_RE,
    _is_negated,
)
from allokoli.understanding.yesno import parse_yes_no

PhoneRole = str
""""transfer" (the owner's number for forwarded calls), "business" (the business's own line)."""

_TRANSFER_CUE_RE = re.compile(
    r"\b(?:urgen\w*|transf\w*|portable|mobile|perso\w*|joindre|joignable|contacter|m'appeler"
    r"|appele[rz][- ]moi|appelle[- ]moi|appelez[- ]moi|m'appelle[rz]?|me passer|basculer|bascule"
    r"|rediriger|redirig\w*|renvoy\w*|renvoi|directement|en cas de|si besoin|me parler|me deranger"
    r"|mon numero|mon tel|mon telephone|mon 06|mon 07|numero de transfert|sur mon|me biper"
    r"|me sonner|me prevenir|m'avertir|moi directement|le patron|la patronne|mon associe\w*"
    r"|ma femme|mon mari|mon collegue|astreinte|depann\w*|de garde|hors horaires?"
    r"|en dehors des (?:heures|horaires)|24\s*h?\s*/\s*24|7\s*j?\s*/\s*7|nuits? et week-?ends?"
    r"|m'avoir|me trouver|me contacter|me joindre|si (?:il y a )?(?:un )?(?:probleme|souci|pepin)"
    r"|en cas de (?:probleme|souci|pepin)|appeler (?:[a-z]+ )?(?:au|sur)"
    r"|appelez (?:[a-z]+ )?(?:au|sur)"
    r"|forward)"
    r"(?!\w)"
)
_BUSINESS_CUE_RE = re.compile(
    r"\b(?:notre numero|notre tel\w*|le numero (?:du|de la|de l')\s*(?:salon|restaurant|resto"
    r"|cabinet|magasin|garage|standard|bureau|boutique|entreprise|societe|boite|agence|atelier"
    r"|pizzeria|boulangerie|institut|commerce)|numero (?:de l'entreprise|de la societe|pro"
    r"|professionnel|principal|public|actuel|du standard|fixe)|standard|fixe|ligne fixe"
    r"|nous joindre|les clients (?:nous )?appellent|on est joignables?|nous sommes joignables?"
    r"|tel\s*:|tel\."
    r"|telephone\s*:|telephone du \w+|on nous appelle|appelez[- ]nous|nous appeler|le salon"
    r"|le restaurant|le cabinet|le magasin|la boutique|numero de la boutique|numero du salon)\b"
)


#: A transfer verb with its destination: whatever line it names is the transfer number.
_TRANSFER_TO_RE = re.compile(
    r"\b(?:transf\w*|renvo\w*|redirig\w*|rediriger|bascul\w*)\b[^.!?\n]{0,30}?"
    r"\b(?:vers|au|sur|a)\s"
)


@dataclass(frozen=True, slots=True)
class RolePhone:
    phone: PhoneMatch
    role: PhoneRole | None


def classify_phones(text: str, *, expecting: str | None = None) -> list[RolePhone]:
    """Each phone number of ``text`` with its role: "transfer" when it is said to be for urgent
    or forwarded calls / the owner's mobile, "business" for "notre numéro", "le fixe du salon"…
    A number without any cue takes the role the question was about (``expecting`` =
    "transfer_number" or "business_phone"), else stays unassigned (None): the configurator
    then keeps it as the number to transfer to, the one number it needs from the owner."""
    prepared = prepare(text)
    low = prepared.low
    phones = find_phones_prepared(prepared)
    out: list[RolePhone] = []
    prev_end = 0
    for p in phones:
        window_start = max(prev_end, p.start - 90)
        before = low[window_start : p.start]
        cut = max(before.rfind(c) for c in ".!?\n")
        if cut >= 0:
            before = before[cut + 1 :]
        after = low[p.end : p.end + 60]
        after = re.split(r"[.!?\n]|\d{2}\s?\d{2}", after)[0]
        best_role: PhoneRole | None = None
        best_distance = 10_000
        for role, regex in (("transfer", _TRANSFER_CUE_RE), ("business", _BUSINESS_CUE_RE)):
            for m in regex.finditer(before):
                distance = len(before) - m.end()
                if distance < best_distance or (distance == best_distance and role == "business"):
                    best_role, best_distance = role, distance
            for m in regex.finditer(after):
                distance = m.start() + 15  # a cue after the number counts a little less
                if distance < best_distance:
                    best_role, best_distance = role, distance
        if best_role == "business" and _TRANSFER_TO_RE.search(before):
            # « transfert vers le standard du cabinet : 02… »: the line calls are passed to
            best_role = "transfer"
        if best_role is None:
            if expecting == "transfer_number":
                best_role = "transfer"
            elif expecting == "business_phone":
                best_role = "business"
        if out and TAKEN_BACK_RE.search(low[out[-1].phone.end : p.start]):
            # « 06 19 28 37 46. ah non c 06 19 28 37 64 »: the number said instead takes the
            # role of the one taken back, which has none left
            best_role = best_role or out[-1].role
            out[-1] = RolePhone(out[-1].phone, None)
        out.append(RolePhone(p, best_role))
        prev_end = p.end
    return out


_URGENT_RE = re.compile(r"\burgen\w*|\bgrave\b|\bfuite\b|\bpanne\b|\bdepannage\b")
_WHEN_RE = re.compile(
    r"\b(?:(?:si|quand|lorsque|lorsqu'|des que|dès que)\s+[^,.;!?\n\d]{4,80}"
    r"|pour\s+(?:les|le|la|l'|toute?s?\s+les)\s*[^,.;!?\n\d]{3,60}"
    r"|en cas d[e']\s*[^,.;!?\n\d]{3,60})"
)


def extract_transfer(text: str, *, expecting: str | None = None) -> tuple[str | None, str | None]:
    """(transfer number in E.164, when to transfer in French) — either may be None."""
    roles = classify_phones(text, expecting=expecting)
    number = next((r.phone.e164 for r in roles if r.role == "transfer"), None)
    low = prepare(text).low
    mentions_transfer = number is not None or re.search(r"\btransf|\bme passer|\bbascul", low)
    if not mentions_transfer and expecting != "transfer_when":
        return number, None
    when: str | None = None
    if _URGENT_RE.search(low):
        when = "en cas d'urgence"
    else:
        for m in _WHEN_RE.finditer(low):
            phrase = m.group(0).strip()
            phrase = re.sub(r"\s+(?:au|le|sur le|sur|a|appel\w*|c'est)\s*$", "", phrase)
            if re.search(r"\b(?:appel\w* (?:le|au)|numero)\s*$", phrase) or len(phrase) < 6:
                continue
            prepared = prepare(text)
            when = prepared.folded.source_slice(m.start(), m.start() + len(phrase)).strip()
            break
    if when is None and expecting == "transfer_when":
        stripped = text.strip().strip(".!")
        when = stripped[:300] if stripped else None
    return number, when


_RECORD_RE = re.compile(
    r"\benregistr\w*|\bconserver (?:les|une) (?:appels|conversations|traces?)|\bgarder une trace"
    r"|\brecord\w*"
)


_RECORD_OBJECT_AFTER_RE = re.compile(
    r"^\s*(?:(?:pas|jamais|plus)\s+)?(?:les|des|mes|nos|tous les|toutes les|l')?\s*"
    r"(?:appels?|conversations?|echanges"
    r"|communications?)|^\s*$|^\s*[,.!]"
)
_RECORD_OBJECT_BEFORE_RE = re.compile(
    r"(?:appels?|conversations?)\s+(?:soient|sont|seront|etre)?\s*$"
)


def extract_recording_consent(text: str, *, expecting: bool = False) -> bool | None:
    """Whether calls may be recorded ("enregistrez les appels" → True, "pas d'enregistrement" →
    False). With ``expecting``, a plain yes/no answers the question."""
    low = prepare(text).raw_low
    for m in _RECORD_RE.finditer(low):
        after = low[m.end() : m.end() + 40]
        about_calls = _RECORD_OBJECT_AFTER_RE.search(after) or _RECORD_OBJECT_BEFORE_RE.search(
            low[max(0, m.start() - 40) : m.start()]
        )
        if not expecting and not about_calls:
            continue
        if re.search(
            r"\b(?:vous pouvez|tu peux|on peut)\s+$", low[max(0, m.start() - 20) : m.start()]
        ) and (not re.search(r"[a-z]", after)):
            continue  # « parfait, vous pouvez enregistrer. »: save the set-up
        return not (_is_negated(low, m.start(), 40) or re.match(r"\s*(?:pas|jamais)\b", after))
    if expecting:
        return parse_yes_no(text)
    return None
