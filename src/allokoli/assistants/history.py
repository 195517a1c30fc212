"""Readable history: what changed between two versions, field by field in French, and the
instructions line by line with the changed words marked. Pure (no database)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from allokoli.assistants.fiche import TASK_LABELS, day_text, service_line
from allokoli.assistants.owner import read as read_owner
from allokoli.domain.profile import WEEKDAYS

__all__ = [
    "Change",
    "PromptLine",
    "changes",
    "paris_time",
    "prompt_diff",
]

PARIS = ZoneInfo("Europe/Paris")
EMPTY = "(vide)"

_LABELS: dict[str, str] = {
    "company_name": "Nom de l'entreprise",
    "activity": "Activité",
    "owner_name": "Responsable",
    "address.street": "Rue",
    "address.postal_code": "Code postal",
    "address.city": "Ville",
    "business_phone": "Téléphone de l'entreprise",
    "email": "E-mail",
    "website": "Site web",
    "service_area": "Zone d'intervention",
    "opening_hours.by_appointment": "Sur rendez-vous",
    "opening_hours.open_on_public_holidays": "Ouvert les jours fériés",
    "opening_hours.note": "Remarque sur les horaires",
    "opening_hours.closures": "Fermetures exceptionnelles",
    "specialties": "Spécialités",
    "tasks": "Missions",
    "transfer_number": "Numéro de transfert",
    "transfer_when": "Quand transférer",
    "policies.cancellation": "Annulation",
    "policies.payment": "Paiement",
    "policies.delivery": "Livraison",
    "tone.register": "Vouvoiement ou tutoiement",
    "tone.style": "Ton",
    "voice_gender": "Voix",
    "recording_enabled": "Enregistrement des appels",
    "notes": "Remarques",
}
_CONFIG_LABELS: dict[tuple[str, ...], str] = {
    ("firstMessage",): "Premier message",
    ("endCallMessage",): "Message de fin",
    ("voice", "voiceId"): "Voix (identifiant)",
    ("model", "model"): "Modèle de langage",
    ("model", "temperature"): "Température",
    ("startSpeakingPlan", "waitSeconds"): "Délai avant de parler (s)",
    ("maxDurationSeconds",): "Durée maximale d'un appel (s)",
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class PromptLine:
    """One line of the instructions diff: `kind` is « same », « add » or « del »; `parts` are
    (changed, text) pieces so the changed words can be highlighted."""

    kind: str
    parts: list[tuple[bool, str]] = field(default_factory=list)


def paris_time(moment: datetime) -> str:
    """« 05/12/2026 à 22:47 », in Europe/Paris."""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _get(data: dict[str, Any] | None, path: str) -> Any:
    node: Any = data or {}
    for key in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _profile_changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[Change]:
    out: list[Change] = []
    for path, label in _LABELS.items():
        a, b = _get(old, path), _get(new, path)
        if path == "tasks":
            a = [TASK_LABELS.get(t, t) for t in a or []]
            b = [TASK_LABELS.get(t, t) for t in b or []]
        if path == "opening_hours.closures":
            a, b = len(a or []), len(b or [])
            if a != b:
                out.append(Change(label, f"{a} fermeture(s)", f"{b} fermeture(s)"))
            continue
        if (a or None) != (b or None):
            out.append(Change(label, _show(a), _show(b)))
    old_days = {d["day"]: d for d in _get(old, "opening_hours.days") or []}
    new_days = {d["day"]: d for d in _get(new, "opening_hours.days") or []}
    for day in WEEKDAYS:
        a_text = day_text(old_days.get(day)) or "non précisé"
        b_text = day_text(new_days.get(day)) or "non précisé"
        if a_text != b_text:
            out.append(Change(f"Horaires du {day}", a_text, b_text))
    out += _named_items(
        "Prestation",
        {s["name"]: service_line(s) for s in (old or {}).get("services") or []},
        {s["name"]: service_line(s) for s in (new or {}).get("services") or []},
    )
    out += _named_items(
        "Question",
        {q["question"]: q["answer"] for q in (old or {}).get("faq") or []},
        {q["question"]: q["answer"] for q in (new or {}).get("faq") or []},
    )
    return out


def _named_items(kind: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """Items matched by name (a service, a question): added, removed or changed."""
    out: list[Change] = []
    for name in [*old, *[n for n in new if n not in old]]:
        a, b = old.get(name), new.get(name)
        if a != b:
            out.append(Change(f"{kind} « {name} »", a or "(absente)", b or "(supprimée)"))
    return out


def _config_get(config: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = config
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def changes(
    old_profile: dict[str, Any] | None,
    new_profile: dict[str, Any] | None,
    old_config: dict[str, Any],
    new_config: dict[str, Any],
) -> list[Change]:
    """Every fact and setting that differs, in French (the instructions are `prompt_diff`)."""
    out = _profile_changes(old_profile, new_profile)
    for path, label in _CONFIG_LABELS.items():
        a, b = _config_get(old_config, path), _config_get(new_config, path)
        if a != b:
            out.append(Change(label, _show(a), _show(b)))
    a_add = read_owner(old_config).prompt_addition
    b_add = read_owner(new_config).prompt_addition
    if a_add != b_add:
        out.append(Change("Vos consignes ajoutées", _show(a_add), _show(b_add)))
    return out


_WORD_RE = re.compile(r"\s+|[^\s]+")


def _words(line: str) -> list[str]:
    return _WORD_RE.findall(line)


def _pair(old: str, new: str) -> tuple[PromptLine, PromptLine]:
    a, b = _words(old), _words(new)
    left, right = PromptLine("del"), PromptLine("add")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if i2 > i1:
            left.parts.append((tag != "equal", "".join(a[i1:i2])))
        if j2 > j1:
            right.parts.append((tag != "equal", "".join(b[j1:j2])))
    return left, right


def prompt_diff(old: str, new: str, context: int = 2) -> list[PromptLine | None]:
    """The instructions compared line by line; a changed line is paired with its new version
    and the changed words are marked. None stands for unchanged lines left out."""
    if old == new:
        return []
    a, b = old.splitlines(), new.splitlines()
    out: list[PromptLine | None] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if out:
            out.append(None)
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [PromptLine("same", [(False, line)]) for line in a[i1:i2]]
                continue
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news):
                    out += _pair(olds[k], news[k])
                elif k < len(olds):
                    out.append(PromptLine("del", [(True, olds[k])]))
                else:
                    out.append(PromptLine("add", [(True, news[k])]))
    return out
