"""The e-mail address and the website, typed or spoken ("contact arobase …")."""

from __future__ import annotations

import re

from allokoli.understanding.normalize import prepare

_EMAIL_RE = re.compile(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_SPOKEN_EMAIL_RE = re.compile(
    r"\b([a-z0-9][a-z0-9._-]*)\s+(?:arobase|arrobase|arobaz|at)\s+([a-z0-9-]+(?:\s*(?:\.|point|dot)"
    r"\s*[a-z0-9-]+)+)"
)


def extract_email(text: str) -> str | None:
    """An e-mail address, also dictated ("contact arobase salon point fr")."""
    low = prepare(text).raw_low
    m = _EMAIL_RE.search(low)
    if m:
        return m.group(0).rstrip(".")
    m = _SPOKEN_EMAIL_RE.search(low)
    if m:
        domain = re.sub(r"\s*(?:\.|point|dot)\s*", ".", m.group(2))
        candidate = f"{m.group(1)}@{domain}"
        if _EMAIL_RE.fullmatch(candidate):
            return candidate
    return None


_TLDS = (
    "fr|com|net|org|eu|io|biz|info|paris|bzh|alsace|corsica|shop|store|restaurant|coiffure|site"
    "|online|co|pro|be|ch|lu|re|app|dev|immo|cafe|bar|beauty|health|studio|art|xyz"
)
_URL_RE = re.compile(
    rf"(?<![@\w.-])(?:https?://)?(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*"
    rf"\.(?:{_TLDS})\b(?![@-])(?:/[^\s,;!?()<>\"]*)?"
)
_SPOKEN_URL_RE = re.compile(
    rf"\b(?:w\s*w\s*w|www)\s*(?:\.|point|dot)\s*([a-z0-9-]+(?:\s*(?:\.|point|dot)\s*[a-z0-9-]+)*?)"
    rf"\s*(?:\.|point|dot)\s*({_TLDS})\b"
)


def extract_website(text: str) -> str | None:
    """A website as an absolute URL ("www.salon.fr" → "https://www.salon.fr")."""
    low = prepare(text).raw_low
    emails = [(m.start(), m.end()) for m in _EMAIL_RE.finditer(low)]
    for m in _URL_RE.finditer(low):
        if any(s <= m.start() < e for s, e in emails):
            continue
        url = m.group(0).rstrip(".")
        # "9h.fr" or "1.com" are not sites
        host = re.sub(r"^https?://", "", url).split("/")[0]
        if not re.search(r"[a-z]{2}", host.split(".")[-2] if "." in host else host):
            continue
        if not url.startswith("http"):
            url = "https://" + url
        return url
    spoken = _SPOKEN_URL_RE.search(low)
    if spoken:
        middle = re.sub(r"\s*(?:\.|point|dot)\s*", ".", spoken.group(1))
        return f"https://www.{middle}.{spoken.group(2)}"
    return None
