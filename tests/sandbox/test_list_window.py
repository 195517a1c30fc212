"""The sandbox's lists honour Vapi's `createdAt*` filters and `limit` together, newest first,
with the bounds written as the SDK writes them (`Z` or an offset, micro- or milliseconds):
what the deploy-retry lookup relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import partial

import pytest
from vapi.core.datetime_utils import serialize_datetime

from allokoli.http.deps import AlloKoliApp
from tests.sandbox.conftest import AUTH, BASE, SdkTestClient, post

T0 = datetime(2026, 11, 25, 9, 30, 0, 123000, tzinfo=UTC)


def _at(value: datetime) -> datetime:
    return value


@pytest.fixture
def five(app: AlloKoliApp, api: SdkTestClient) -> list[str]:
    """Five assistants created a minute apart, from T0."""
    ids = []
    for minute in range(5):
        app.services.clock = partial(_at, T0 + timedelta(minutes=minute))
        ids.append(post(api, "/assistant", {"name": f"A{minute}"}).json()["id"])
    return ids


def _ids(api: SdkTestClient, **params: str | int) -> list[str]:
    r = api.get(f"{BASE}/assistant", params=params, headers=AUTH)
    assert r.status_code == 200, r.text
    return [a["id"] for a in r.json()]


def test_a_window_with_a_limit_gives_its_newest(api: SdkTestClient, five: list[str]) -> None:
    window = {
        "createdAtGe": serialize_datetime(T0 + timedelta(minutes=1)),
        "createdAtLe": serialize_datetime(T0 + timedelta(minutes=3)),
    }
    assert _ids(api, **window) == [five[3], five[2], five[1]]
    assert _ids(api, limit=2, **window) == [five[3], five[2]]
    assert _ids(api, limit=2, createdAtLt=window["createdAtLe"]) == [five[2], five[1]]
    assert _ids(api, createdAtGt=serialize_datetime(T0 + timedelta(minutes=4))) == []


def test_bounds_at_the_millisecond_in_any_offset(api: SdkTestClient, five: list[str]) -> None:
    paris = timezone(timedelta(hours=1))
    exact = (T0 + timedelta(minutes=2)).astimezone(paris)
    assert _ids(api, createdAtGe=exact.isoformat(), createdAtLe=exact.isoformat()) == [five[2]]
    just_after = serialize_datetime(T0 + timedelta(minutes=2, microseconds=1))
    assert _ids(api, createdAtGe=just_after, createdAtLe=just_after) == []
