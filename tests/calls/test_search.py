"""Full-text search over transcripts and summaries, on SQLite (FTS5) and PostgreSQL (french)."""

from __future__ import annotations

import pytest

from tests.calls.conftest import OrgHook, org_hook
from tests.conftest import BACKEND, Account

PLUMBER = (
    "AI: Bonjour, plomberie Martin.\nUser: J'ai une fuite d'eau sous l'évier, c'est urgent.\n"
    "AI: Je vous transfère à l'artisan."
)
SALON = "AI: Bonjour, salon Léa.\nUser: Je voudrais un rendez-vous pour une coloration samedi."


def _found(acc: Account, q: str, **params: str) -> list[str]:
    r = acc.client.get("/api/v1/calls", params={"q": q, **params}, headers=acc.auth)
    assert r.status_code == 200, r.text
    return [c["provider_call_id"] for c in r.json()["items"]]


def test_search_transcripts_and_summaries(alice: Account, alice_hook: OrgHook) -> None:
    leak = alice_hook.report(transcript=PLUMBER, summary="Fuite d'eau urgente, appel transféré.")
    salon = alice_hook.report(transcript=SALON, summary="Demande de coloration pour samedi.")
    other = alice_hook.report(
        transcript="AI: Bonjour.\nUser: Au revoir.", summary="Erreur de numéro."
    )
    assert _found(alice, "fuite") == [leak]
    assert _found(alice, "évier urgent") == [leak]  # every word must match
    assert _found(alice, "color") == [salon]  # words are prefixes
    assert _found(alice, "rendez") == [salon]
    assert _found(alice, "transféré") == [leak]  # in the summary only
    assert _found(alice, "samedi coloration") == [salon]
    assert _found(alice, "bonjour", status="ended")[-1] in (leak, salon, other)
    assert len(_found(alice, "bonjour")) == 3
    assert _found(alice, "dinosaure") == []
    assert len(_found(alice, "  ?! ")) == 3  # no word: no search
    assert _found(alice, 'fuite" * -(') == [leak]  # operators are not a language here
    assert _found(alice, "fuite OR coloration") == []  # … so OR is just a word


def test_search_is_per_tenant(app, alice: Account, bob: Account, alice_hook: OrgHook) -> None:  # type: ignore[no-untyped-def]
    alice_hook.report(transcript=PLUMBER)
    bob_hook = org_hook(app, bob)
    mine = bob_hook.report(transcript=PLUMBER)
    assert _found(bob, "fuite") == [mine]
    assert len(_found(alice, "fuite")) == 1


def test_a_call_becomes_searchable_when_its_report_arrives(
    alice: Account, alice_hook: OrgHook
) -> None:
    call_id = "call-search-late"
    alice_hook.post(
        {"type": "status-update", "status": "in-progress", "call": {"id": call_id}, "timestamp": 1}
    )
    assert _found(alice, "fuite") == []
    alice_hook.report(call_id=call_id, transcript=PLUMBER)
    assert _found(alice, "fuite") == [call_id]


@pytest.mark.skipif(
    BACKEND != "sqlite", reason="SQLite FTS5 folds accents; PostgreSQL's french config does not"
)
def test_sqlite_search_ignores_accents(alice: Account, alice_hook: OrgHook) -> None:
    leak = alice_hook.report(transcript=PLUMBER)
    assert _found(alice, "evier") == [leak]
    assert _found(alice, "ÉVIER") == [leak]


@pytest.mark.skipif(BACKEND != "postgresql", reason="French stemming is PostgreSQL's")
def test_postgresql_search_uses_french_stemming(alice: Account, alice_hook: OrgHook) -> None:
    salon = alice_hook.report(transcript=SALON, summary="Rendez-vous demandé.")
    assert _found(alice, "voudrait") == [salon]  # same stem as « voudrais »
    assert _found(alice, "colorations") == [salon]


def test_common_words_take_the_scan_path(
    alice: Account, alice_hook: OrgHook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from allokoli.calls import search

    monkeypatch.setattr(search, "PG_MAX_IDS", 1)  # PostgreSQL: more matches than ids fetched
    first = alice_hook.report(transcript=PLUMBER)
    second = alice_hook.report(transcript=PLUMBER + "\nUser: Et une autre fuite au garage.")
    alice_hook.report(transcript=SALON)
    assert set(_found(alice, "fuite")) == {first, second}
    assert _found(alice, "garage") == [second]
