"""What the legal pages state, gathered in one object from the operator's settings and the
product's own facts (what is stored, for how long, by which processors).

`VERSION` names the text of the terms and the privacy policy. A user's sign-up records the
version they accepted (`users.terms_version`): change it whenever the meaning of those texts
changes, so that the consent of each user can be traced to the words they read.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from allokoli.settings import LEGAL_SETTINGS, Settings, is_placeholder

VERSION = "2026-12-05"
"""The version of the terms and the privacy policy accepted at sign-up (a date, ISO)."""
VERSION_LABEL = "5 décembre 2026"
"""The same date, as the pages show it."""

#: Caller data kept by default before the automatic purge (organisations choose 1 to 3,650).
DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class Processor:
    name: str
    role: str
    location: str


@dataclass(frozen=True)
class LegalInfo:
    company: str
    address: str
    registration: str
    publisher: str
    contact_email: str
    host: str
    dpo_email: str
    site_url: str
    session_retention_days: int
    processors: tuple[Processor, ...]
    incomplete: bool
    """Some operator setting is still a placeholder (development): the pages say so."""

    @property
    def version(self) -> str:
        return VERSION

    @property
    def version_label(self) -> str:
        return VERSION_LABEL

    @property
    def default_retention_days(self) -> int:
        return DEFAULT_RETENTION_DAYS


def processors(settings: Settings) -> tuple[Processor, ...]:
    """The processors (sous-traitants) personal data may reach, as this server is configured."""
    out = [
        Processor(
            "Vapi (Vapi, Inc.)",
            "plateforme d'appels vocaux : reçoit les appels, fait parler l'assistant, produit "
            "les transcriptions, résumés et enregistrements",
            "États-Unis",
        ),
        Processor(
            "Fournisseurs de reconnaissance et de synthèse vocales appelés par Vapi "
            "(Deepgram, Microsoft Azure, ElevenLabs, Cartesia, selon la voix choisie)",
            "transcription de la parole de l'appelant et voix de l'assistant",
            "États-Unis ou Union européenne selon le fournisseur",
        ),
        Processor(
            "OpenAI (modèle de langage de l'assistant, appelé par Vapi)",
            "comprend ce que dit l'appelant et rédige les réponses de l'assistant",
            "États-Unis",
        ),
        Processor(
            "Twilio (Twilio Inc.)",
            "fourniture et acheminement des numéros de téléphone français",
            "États-Unis et Union européenne",
        ),
    ]
    if settings.llm_base_url:
        host = urlsplit(settings.llm_base_url).hostname or settings.llm_base_url
        out.append(
            Processor(
                f"Fournisseur du modèle de langage du configurateur ({host})",
                "comprend la description de votre entreprise pendant la création d'un assistant",
                "selon le fournisseur",
            )
        )
    return tuple(out)


def legal_info(settings: Settings) -> LegalInfo:
    return LegalInfo(
        company=settings.legal_company,
        address=settings.legal_address,
        registration=settings.legal_registration,
        publisher=settings.legal_publisher,
        contact_email=settings.legal_contact_email,
        host=settings.legal_host,
        dpo_email=settings.legal_dpo_email,
        site_url=settings.public_url,
        session_retention_days=settings.session_retention_days,
        processors=processors(settings),
        incomplete=any(is_placeholder(getattr(settings, name)) for name in LEGAL_SETTINGS),
    )
