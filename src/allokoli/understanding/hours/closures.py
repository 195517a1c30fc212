"""Exceptional closures (« fermé en août », « congés du 1er au 15 août »): not modelled as days,
kept as notes in the owner's own words.
"""

from __future__ import annotations

import re

from allokoli.understanding.normalize import Prepared

__all__ = ["closure_notes"]


_MONTHS = (
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
    "|noel|paques|vacances|conges|ete|hiver"
)
_CLOSURE_RE = re.compile(
    rf"\b(?:ferme\w*|fermeture|conges?|vacances)\b[^.;!?\n]{{0,30}}?\b(?:en|pendant|a|au|du|de|"
    rf"les|l')\s*(?:mois d'?\s*)?(?:{_MONTHS})\b[^.;!?\n,]{{0,20}}"
    rf"|\b(?:du\s+)?\d{{1,2}}(?:er)?\s*(?:au|-|a)\s*\d{{1,2}}\s*(?:{_MONTHS})\b"
    rf"(?=[^.;!?\n]{{0,20}}\b(?:ferme\w*|fermeture|conges?|vacances)\b)[^.;!?\n,]{{0,20}}"
    rf"|\b(?:en|pendant|tout le mois d'?|au mois d'?)\s*(?:{_MONTHS})\b"
    rf"(?=[^.;!?\n]{{0,12}}\b(?:ferme\w*|fermeture|conges?|vacances)\b)[^.;!?\n,]{{0,20}}"
)


def closure_notes(prepared: Prepared) -> list[str]:
    notes = []
    for m in _CLOSURE_RE.finditer(prepared.low):
        snippet = prepared.folded.source_slice(m.start(), m.end()).strip(" ,")
        if snippet:
            notes.append(snippet)
    return notes
