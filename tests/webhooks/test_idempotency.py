"""Whatever the copies, the order and the worker: a tool call runs once and every copy gets its
answer; an ended call stays ended; a message taken by a tool call is stored once, whether the
end-of-call report is processed before or after it. Several workers are emulated by several
`WebhookService`s, each on its own `Database` (engine, connection pool, writer thread), sharing
one database."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.models import Call, TakenMessage, WebhookEvent
from allokoli.webhooks import service as webhooks
from allokoli.webhooks.payload import inbound
from allokoli.webhooks.service import Outcome, WebhookService
from tests.conftest import DbUrls
from tests.webhooks.conftest import Hook, call_payload, end_of_call, status_update


@pytest.fixture(autouse=True)
def _no_tool_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    # The answers, not the 2-second deadline, are under test: a loaded machine must pass.
    monkeypatch.setattr(webhooks, "TOOL_DEADLINE_SECONDS", 600.0)


@pytest.fixture
def workers(app: AlloKoliApp, db_urls: DbUrls) -> Iterator[list[WebhookService]]:
    """Four workers: the app's and three more, each with its own engine."""
    others = [Database(make_engine(db_urls.app)) for _ in range(3)]
    yield [
        app.services.webhooks,
        *(WebhookService(db, app.services.settings) for db in others),
    ]
    for db in others:
        db.dispose()


def _key(hook: Hook) -> str:
    return hook.url.rsplit("/", 1)[1]


def _stored(outcome: Outcome | BaseException) -> None:
    assert isinstance(outcome, Outcome) and outcome.status_code == 200, outcome


def _messages(database: Database, hook: Hook) -> list[TakenMessage]:
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        stmt = select(TakenMessage).where(TakenMessage.organization_id == hook.org_id)
        return list(s.scalars(stmt))


def _call(database: Database, hook: Hook, provider_call_id: str) -> Call:
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        return s.scalars(
            select(Call).where(
                Call.organization_id == hook.org_id, Call.provider_call_id == provider_call_id
            )
        ).one()


def _take_message(call_id: str, tool_call_id: str, name: str) -> dict[str, Any]:
    return {
        "type": "tool-calls",
        "call": {"id": call_id},
        "toolCallList": [
            {
                "id": tool_call_id,
                "type": "function",
                "function": {
                    "name": "take_message",
                    "arguments": {
                        "nom_appelant": name,
                        "telephone_rappel": "06 12 34 56 78",
                        "motif": "rappel",
                        "message": "Merci de rappeler.",
                    },
                },
            }
        ],
    }


# --- item 7: a tool call retried by Vapi ------------------------------------------------------


def test_tool_call_copies_to_four_workers_run_once_with_one_answer(
    hook: Hook, database: Database, workers: list[WebhookService]
) -> None:
    tool_calls, copies = 25, 8
    messages = [
        _take_message(call_payload(hook)["id"], f"tc-{n}", f"Client numéro {n}")
        for n in range(tool_calls)
    ]
    deliveries = [(n, copy) for n in range(tool_calls) for copy in range(copies)]

    def deliver(item: tuple[int, int]) -> tuple[int, dict[str, str]]:
        n, copy = item
        outcome = workers[copy % len(workers)].tool_calls(_key(hook), inbound(messages[n]))
        assert outcome.status_code == 200
        return n, outcome.body["results"][0]

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(deliver, deliveries))

    by_call: dict[int, list[dict[str, str]]] = {}
    for n, answer in answers:
        by_call.setdefault(n, []).append(answer)
    for n, got in by_call.items():
        assert len(got) == copies
        assert all(a == got[0] for a in got), got  # the same answer to every copy
        assert f"Client numéro {n}" in got[0]["result"]
    stored = _messages(database, hook)
    assert sorted(m.tool_call_id or "" for m in stored) == sorted(f"tc-{n}" for n in range(25))
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        inbox = s.scalar(
            select(func.count()).where(
                WebhookEvent.organization_id == hook.org_id, WebhookEvent.type == "tool-calls"
            )
        )
    assert inbox == tool_calls


# --- item 8: an ended call stays ended --------------------------------------------------------


def test_every_order_of_a_calls_events_across_two_workers_ends_it(
    hook: Hook, database: Database, workers: list[WebhookService]
) -> None:
    for order in itertools.permutations(range(4)):
        call = call_payload(hook)
        events = [
            status_update(hook, call, "ringing", ts=1),
            status_update(hook, call, "in-progress", ts=2),
            status_update(hook, call, "ended", ts=3),
            end_of_call(hook, call),
        ]
        for step, index in enumerate(order):
            worker = workers[step % 2]
            _stored(worker.store_batch([(_key(hook), inbound(events[index]))])[0])
        stored = _call(database, hook, call["id"])
        assert stored.status == "ended", order
        assert stored.ended_reason == "customer-ended-call" and stored.duration_seconds == 150


@pytest.mark.pg
@pytest.mark.parametrize("late", ["ringing", "in-progress", "forwarding"])
def test_a_late_status_read_before_the_report_commits_does_not_reopen_the_call(
    hook: Hook,
    database: Database,
    workers: list[WebhookService],
    monkeypatch: pytest.MonkeyPatch,
    late: str,
) -> None:
    """Worker 2 reads the call (queued) and applies a late status; worker 1 then commits the
    end-of-call report; worker 2 commits last. PostgreSQL only: on SQLite worker 2's
    transaction holds the write lock, so worker 1 cannot commit in between."""
    from allokoli.calls import service as calls

    call = call_payload(hook)
    _stored(workers[0].store_batch([(_key(hook), inbound(status_update(hook, call, "queued")))])[0])
    applied, report_committed = threading.Event(), threading.Event()
    original = calls.apply_status_update

    def paused(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if threading.current_thread().name == "worker-2":
            applied.set()
            assert report_committed.wait(timeout=120)
        return result

    monkeypatch.setattr(calls, "apply_status_update", paused)
    outcomes: list[Outcome | BaseException] = []
    worker_2 = threading.Thread(
        name="worker-2",
        target=lambda: outcomes.extend(
            workers[1].store_batch([(_key(hook), inbound(status_update(hook, call, late)))])
        ),
    )
    worker_2.start()
    try:
        assert applied.wait(timeout=120)
        _stored(workers[0].store_batch([(_key(hook), inbound(end_of_call(hook, call)))])[0])
    finally:
        report_committed.set()
        worker_2.join()
    _stored(outcomes[0])
    stored = _call(database, hook, call["id"])
    assert stored.status == "ended"
    assert stored.duration_seconds == 150


# --- item 9: one message per tool call, whatever the order -----------------------------------


def _report_with_message(hook: Hook, call: dict[str, Any]) -> dict[str, Any]:
    """A report whose analysis carries the message twice (our structured output and the
    sandbox's list), as when the caller's message was also taken by a live tool."""
    return end_of_call(
        hook,
        call,
        analysis={
            "summary": "Le client demande à être rappelé.",
            "structuredData": {
                "fiche_appel": {
                    "nom_appelant": "Jean D.",
                    "telephone_rappel": "0612345678",
                    "motif": "rappel",
                },
                "messages": [{"name": "Jean", "phone": "0612345678", "reason": "rappel"}],
            },
        },
    )


@pytest.mark.parametrize("report_first", [True, False])
def test_a_taken_message_is_stored_once_whatever_the_order(
    hook: Hook, database: Database, workers: list[WebhookService], report_first: bool
) -> None:
    call = call_payload(hook)
    report = _report_with_message(hook, call)
    tool = _take_message(call["id"], "tc-order", "Jean Dupont")
    if report_first:
        _stored(workers[0].store_batch([(_key(hook), inbound(report))])[0])
        assert len(_messages(database, hook)) == 2  # kept from the report, for now
    answer = workers[1].tool_calls(_key(hook), inbound(tool)).body["results"][0]
    assert "Jean Dupont" in answer["result"]
    if not report_first:
        _stored(workers[0].store_batch([(_key(hook), inbound(report))])[0])
    (message,) = _messages(database, hook)
    assert message.tool_call_id == "tc-order" and message.caller_name == "Jean Dupont"
    assert message.provider_call_id == call["id"] and message.callback_number == "+33612345678"
    # A copy of the tool call, later, changes nothing.
    assert workers[2].tool_calls(_key(hook), inbound(tool)).body["results"][0] == answer
    assert [m.id for m in _messages(database, hook)] == [message.id]


def test_reports_and_tool_calls_of_the_same_calls_on_several_workers(
    hook: Hook, database: Database, workers: list[WebhookService]
) -> None:
    calls = [call_payload(hook) for _ in range(20)]
    jobs: list[tuple[str, int, dict[str, Any]]] = []
    for n, call in enumerate(calls):
        jobs.append(("report", n, _report_with_message(hook, call)))
        jobs.append(("tool", n, _take_message(call["id"], f"tc-both-{n}", f"Appelant {n}")))
        jobs.append(("tool", n, _take_message(call["id"], f"tc-both-{n}", f"Appelant {n}")))

    def run(job: tuple[str, int, dict[str, Any]]) -> None:
        kind, n, message = job
        worker = workers[(n + len(kind)) % len(workers)]
        if kind == "report":
            _stored(worker.submit(_key(hook), inbound(message)).result(timeout=600))
        else:
            assert "result" in worker.tool_calls(_key(hook), inbound(message)).body["results"][0]

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(run, jobs))

    stored = _messages(database, hook)
    assert sorted(m.tool_call_id or "" for m in stored) == sorted(
        f"tc-both-{n}" for n in range(len(calls))
    )
    assert {m.provider_call_id: m.caller_name for m in stored} == {
        call["id"]: f"Appelant {n}" for n, call in enumerate(calls)
    }
