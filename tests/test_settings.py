from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from allokoli.settings import DEV_SECRET_KEY, LEGAL_SETTINGS, Settings, SettingsError

ROOT = Path(__file__).resolve().parents[1]


def _env_names() -> list[str]:
    return [f"ALLOKOLI_{name.upper()}" for name in Settings.model_fields]


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [n for n in _env_names() if f"| `{n}` |" not in readme]
    assert not missing, f"settings missing from README's configuration table: {missing}"


def test_every_setting_is_in_env_example() -> None:
    example = (ROOT / ".env.example").read_text()
    missing = [n for n in _env_names() if not re.search(rf"^{n}=", example, re.M)]
    assert not missing, f"settings missing from .env.example: {missing}"


@pytest.mark.parametrize(
    "secret",
    [
        DEV_SECRET_KEY,
        "change-me-to-a-long-random-value",
        "court",
        "your-secret-here-xxxxxxxxxxxxxxxxxxxxxx",
    ],
)
def test_production_refuses_placeholder_or_weak_secret(secret: str) -> None:
    with pytest.raises(SettingsError):
        Settings(_env_file=None, env="production", secret_key=secret)


def test_production_refuses_placeholder_provider_keys() -> None:
    with pytest.raises(SettingsError, match="VAPI_API_KEY"):
        Settings(
            _env_file=None, env="production", secret_key="r" * 48, vapi_api_key="your-vapi-key"
        )


def test_production_accepts_real_secret_and_development_has_defaults() -> None:
    operator: dict[str, Any] = {name: f"Valeur réelle de {name}" for name in LEGAL_SETTINGS}
    prod = Settings(_env_file=None, env="production", secret_key="Zq8" * 16, **operator)
    assert prod.uses_sandbox
    dev = Settings(_env_file=None)
    assert dev.is_sqlite and dev.database_url.endswith("var/allokoli.db")
    assert not dev.secure_cookies
    assert Settings(_env_file=None, public_url="https://x.fr").secure_cookies


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOKOLI_LLM_MODEL", "mistral-small")
    assert Settings(_env_file=None).llm_model == "mistral-small"
