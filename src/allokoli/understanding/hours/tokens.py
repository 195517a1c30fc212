"""The lexer: canonical text → tokens (days, times, bare numbers, markers, connectors)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from allokoli.understanding.hours.clock import MIDNIGHT, NOON
from allokoli.understanding.hours.days import DAY_NAMES, HOLIDAY

__all__ = ["Token", "lex"]


_TOKEN_RE = re.compile(
    r"""
    (?P<marker>§[a-z0-9]+)
  | (?P<word>(?!midi\b|minuit\b)[a-z']+)
  | (?P<time>
        (?P<h>\d{1,2})\s*(?:heures?|hrs?|h)(?![a-z])
        (?:\s*(?P<m>[0-5]\d)(?!\d|\s*(?:h|heure|:)))?(?:\s*(?:min|mn|minutes?)\b)?
        (?P<frac>\s*(?:et\s+demie?|et\s+quart|moins\s+(?:le\s+)?quart))?
      | (?P<hc>\d{1,2})\s*:\s*(?P<mc>[0-5]\d)(?!\d)
      | (?P<noon>midi|minuit)
        (?P<nfrac>\s*(?:et\s+demie?|et\s+quart|moins\s+(?:le\s+)?quart|trente\b|30\b|15\b|45\b))?
    )
  | (?P<dotted>\b(?P<hd>\d{1,2})\.(?P<md>[0-5]\d)\b(?!\s*(?:€|e\b|eur|euros?)))
  | (?P<num>\b\d{1,2}\b(?!\s*(?:€|e\b|eur|euros?|balles|%|km|kms|kilom|min|mn|minutes?|ans?\b
        |personnes?|couverts?|places?|jours?|j\b|mois|semaines?|ème|eme|e\b|er\b|,\d|\.\d|/\d)))
  | (?P<bignum>\d+)
  | (?P<dash>[-–>])
  | (?P<slash>/)
  | (?P<comma>[,+&])
  | (?P<bound>[.;!?\n])
    """,
    re.VERBOSE,
)

_DAY_INDEX = {name: i for i, name in enumerate(DAY_NAMES)}
_BOUND_WORDS = frozenset({"mais", "sinon", "ensuite"})


@dataclass(slots=True)
class Token:
    kind: str
    text: str
    value: int = 0
    explicit: bool = True
    days: frozenset[int] = frozenset()
    period: str | None = None
    ranges: tuple[tuple[int, int], ...] = ()
    pos: int = 0


def _frac(text: str | None) -> int:
    if not text:
        return 0
    text = text.strip()
    if text.startswith("moins"):
        return -15
    if "demi" in text or text in ("trente", "30"):
        return 30
    if text == "45":
        return 45
    return 15


def lex(text: str) -> list[Token]:
    toks: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        s = m.group(0)
        if kind == "marker":
            if s == "§hol":
                toks.append(Token("day", s, days=frozenset({HOLIDAY}), pos=m.start()))
            else:
                toks.append(Token(s[1:], s, pos=m.start()))
        elif kind == "time":
            if m.group("noon"):
                base = NOON if m.group("noon") == "midi" else 0
                minutes = base + _frac(m.group("nfrac"))
                if base == 0 and minutes <= 0:
                    minutes = 0
                toks.append(Token("noon", s, value=minutes % MIDNIGHT, pos=m.start()))
                continue
            if m.group("h") is not None:
                hour, minute = int(m.group("h")), int(m.group("m") or 0)
                minute += _frac(m.group("frac"))
            else:
                hour, minute = int(m.group("hc")), int(m.group("mc"))
            if hour > 24 or (hour == 24 and minute > 0):
                toks.append(Token("word", s, pos=m.start()))
                continue
            toks.append(Token("time", s, value=hour * 60 + minute, pos=m.start()))
        elif kind == "dotted":
            hour, minute = int(m.group("hd")), int(m.group("md"))
            if hour <= 24:
                toks.append(
                    Token("num", s, value=hour * 60 + minute, explicit=False, pos=m.start())
                )
        elif kind == "num":
            value = int(s)
            if value <= 24:
                toks.append(Token("num", s, value=value * 60, explicit=False, pos=m.start()))
            else:
                toks.append(Token("word", s, pos=m.start()))
        elif kind == "bignum":
            toks.append(Token("word", s, pos=m.start()))
        elif kind == "word":
            if s in _DAY_INDEX:
                toks.append(Token("day", s, days=frozenset({_DAY_INDEX[s]}), pos=m.start()))
            elif s in _BOUND_WORDS:
                toks.append(Token("bound", s, pos=m.start()))
            elif s in ("a", "à"):
                toks.append(Token("to", s, pos=m.start()))
            elif s in ("au", "aux") or (s in ("to", "through") and toks and toks[-1].kind == "day"):
                # franglais « Monday to Friday » reads as « du lundi au vendredi »
                toks.append(Token("au", s, pos=m.start()))
            elif s in ("et", "puis", "ou"):
                toks.append(Token("and", s, pos=m.start()))
            elif s in ("de", "du", "d'", "des"):
                toks.append(Token("de", s, pos=m.start()))
            elif s in ("entre",):
                toks.append(Token("entre", s, pos=m.start()))
            elif s in ("midi",):
                toks.append(Token("noon", s, value=NOON, pos=m.start()))
            else:
                toks.append(Token("word", s, pos=m.start()))
        elif kind is not None:
            toks.append(Token(kind, s, pos=m.start()))
    return toks
