"""The owner's own changes to a generated assistant: lines added to the instructions, edited
first and last messages, advanced settings. They survive regeneration from the facts.

They are kept in the config's ``metadata`` (``allokoliOwner``), so every version, restore, export
and copy carries them without a table of their own, and the offline test can read which
instructions it cannot follow. Voice and tone are facts of the profile and need no record here.
"""

from __future__ import annotations

import copy
import difflib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "ADDITION_HEADER",
    "METADATA_KEY",
    "OwnerChanges",
    "compose",
    "derive",
    "read",
    "record",
    "renamed",
]

METADATA_KEY = "allokoliOwner"
ADDITION_HEADER = "## Consignes ajoutées par le responsable"
#: The advanced settings an owner may set, as paths in the Vapi config.
ADVANCED_PATHS: tuple[tuple[str, ...], ...] = (
    ("model", "model"),
    ("model", "temperature"),
    ("startSpeakingPlan", "waitSeconds"),
    ("maxDurationSeconds",),
)


class OwnerChanges(BaseModel):
    model_config = ConfigDict(extra="ignore")

    prompt_addition: str | None = None
    """Derived from a stored prompt that its own input already bounded (no second limit here:
    a long prompt edited through the API must not fail when its addition is recorded)."""
    first_message: str | None = None
    end_call_message: str | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    """Advanced settings by dotted path (« model.temperature »)."""

    @property
    def is_empty(self) -> bool:
        return not (
            self.prompt_addition or self.first_message or self.end_call_message or self.settings
        )


def _prompt(config: dict[str, Any]) -> str:
    for message in (config.get("model") or {}).get("messages", []):
        if message.get("role") == "system":
            return str(message.get("content") or "")
    return ""


def _set_prompt(config: dict[str, Any], prompt: str) -> None:
    for message in (config.get("model") or {}).get("messages", []):
        if message.get("role") == "system":
            message["content"] = prompt
            return


def _get(config: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = config
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _put(config: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = config
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def read(config: dict[str, Any]) -> OwnerChanges:
    """The owner's changes recorded in a config (none for an old or imported one)."""
    raw = (config.get("metadata") or {}).get(METADATA_KEY)
    if not isinstance(raw, dict):
        return OwnerChanges()
    try:
        return OwnerChanges.model_validate(raw)
    except ValidationError:
        return OwnerChanges()


def _split(prompt: str) -> tuple[str, str | None]:
    """The generated part of a prompt and the owner's added section, if any."""
    head, sep, tail = prompt.partition(f"\n\n{ADDITION_HEADER}\n")
    return (head, tail.strip() or None) if sep else (prompt, None)


def derive(
    previous: dict[str, Any], edited: dict[str, Any], recorded: OwnerChanges | None = None
) -> OwnerChanges:
    """The owner's changes after an edit of `previous` into `edited`: the lines they inserted
    into the instructions (anywhere) joined to their added section, and the messages and
    settings they changed, on top of what was `recorded` before. Comparing with the stored
    config, not a fresh generation, keeps a newer generator's wording from passing for theirs."""
    recorded = recorded or OwnerChanges()
    base = _split(_prompt(previous))[0].splitlines()
    main, section = _split(_prompt(edited))
    mine = main.splitlines()
    present = set(_prompt(edited).splitlines())
    # their earlier lines still in the prompt (wherever they stand), their section, new lines
    added = [
        line
        for line in (recorded.prompt_addition or "").splitlines()
        if line.strip() and line in present
    ]
    added += (section or "").splitlines()
    matcher = difflib.SequenceMatcher(a=base, b=mine, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            added.extend(line for line in mine[j1:j2] if line.strip())
    unique = list(dict.fromkeys(line for line in added if line.strip()))
    changes = OwnerChanges(prompt_addition="\n".join(unique).strip() or None)
    for key, attr in (("firstMessage", "first_message"), ("endCallMessage", "end_call_message")):
        value = edited.get(key)
        if value != previous.get(key):
            setattr(changes, attr, value)
        else:
            setattr(changes, attr, getattr(recorded, attr))
    changes.settings = dict(recorded.settings)
    for path in ADVANCED_PATHS:
        value = _get(edited, path)
        if value is not None and value != _get(previous, path):
            changes.settings[".".join(path)] = value
    return changes


def compose(generated: dict[str, Any], changes: OwnerChanges) -> dict[str, Any]:
    """The generated config with the owner's changes applied, and recorded in its metadata."""
    config = copy.deepcopy(generated)
    if changes.prompt_addition:
        prompt = _split(_prompt(config))[0]
        _set_prompt(config, f"{prompt}\n\n{ADDITION_HEADER}\n{changes.prompt_addition}")
    if changes.first_message:
        config["firstMessage"] = changes.first_message
    if changes.end_call_message:
        config["endCallMessage"] = changes.end_call_message
    for dotted, value in changes.settings.items():
        _put(config, tuple(dotted.split(".")), value)
    return record(config, changes)


def record(config: dict[str, Any], changes: OwnerChanges) -> dict[str, Any]:
    """`config` with `changes` recorded in its metadata (replacing any earlier record)."""
    config = copy.deepcopy(config)
    metadata = dict(config.get("metadata") or {})
    metadata.pop(METADATA_KEY, None)
    if not changes.is_empty:
        metadata[METADATA_KEY] = changes.model_dump(exclude_defaults=True)
    if metadata:
        config["metadata"] = metadata
    else:
        config.pop("metadata", None)
    return config


def renamed(changes: OwnerChanges, old_name: str, new_name: str) -> OwnerChanges:
    """`changes` for a copy of the assistant made for another business: the old business name
    in the owner's own lines and messages becomes the new one (a template's « Bonjour, Pizzeria
    Mario » must greet as « Pizzeria Luigi »)."""
    old_name, new_name = old_name.strip(), new_name.strip()
    if not old_name or old_name == new_name:
        return changes.model_copy(deep=True)

    def swap(text: str | None) -> str | None:
        return text.replace(old_name, new_name) if text else text

    return OwnerChanges(
        prompt_addition=swap(changes.prompt_addition),
        first_message=swap(changes.first_message),
        end_call_message=swap(changes.end_call_message),
        settings=copy.deepcopy(changes.settings),
    )
