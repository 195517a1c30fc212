"""Bad input and failing providers: a precise French reason in the settings, a retry or the dead
letter, never a second copy, never a call record lost or changed."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from allokoli.jobs.dead import dead_jobs, retry
from allokoli.kit.clock import utcnow
from allokoli.models import Call, NotificationDelivery, OutboxMessage
from allokoli.notifications import senders
from allokoli.notifications.service import CALL_JOB, SEND_JOB
from tests.notifications.conftest import FakeTwilio, Inbox, Setup, settle
from tests.notifications.test_after_call import OWNER_MAIL, OWNER_MOBILE, message_call, prefs


def _deliveries(setup: Setup) -> list[NotificationDelivery]:
    with setup.app.services.db.unit_of_work(tenant_id=setup.hook.org_id) as s:
        return list(s.scalars(select(NotificationDelivery).order_by(NotificationDelivery.kind)))


def _call(setup: Setup, call_id: str) -> tuple[str | None, str | None, float | None]:
    with setup.app.services.db.unit_of_work(tenant_id=setup.hook.org_id) as s:
        call = s.scalars(select(Call).where(Call.provider_call_id == call_id)).one()
        return call.summary, call.caller_number, call.duration_seconds


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"emails": ["pas-une-adresse"]}, "« pas-une-adresse » n'est pas une adresse e-mail"),
        ({"phones": ["01 23"], "sms_enabled": True}, "« 01 23 » n'est pas un numéro"),
        ({"phones": ["01 42 00 00 00"], "sms_enabled": True}, "n'est pas un numéro de mobile"),
        ({"quiet_start": "25:00", "quiet_end": "07:00"}, "n'est pas une heure"),
        ({"quiet_start": "22:00"}, "donnez les deux"),
        ({"sms_enabled": True, "phones": []}, "Ajoutez au moins un numéro de mobile"),
    ],
)
def test_invalid_recipients_are_refused_in_french_and_nothing_is_saved(
    owner: Setup, body: dict[str, object], expected: str
) -> None:
    url = f"/api/v1/assistants/{owner.assistant_id}/notifications"
    r = owner.acc.client.put(
        url, json={"emails": ["gerant@exemple.fr"], **body}, headers=owner.acc.auth
    )
    assert r.status_code == 422, r.text
    assert expected in r.json()["detail"]
    after = owner.acc.client.get(url, headers=owner.acc.auth).json()
    assert after["emails"] == [] and after["sms_enabled"] is False  # the defaults: not saved


def test_the_settings_page_shows_the_error_in_french(owner: Setup) -> None:
    page = owner.acc.client.get(f"/assistants/{owner.assistant_id}/notifications")
    assert page.status_code == 200 and "Être prévenu après" in page.text
    r = owner.acc.client.post(
        f"/assistants/{owner.assistant_id}/notifications",
        data={
            "csrf_token": owner.acc.csrf,
            "calls": "all",
            "email_enabled": "on",
            "emails": "gerant@exemple.fr\nfaux@",
        },
    )
    assert r.status_code == 422
    assert "« faux@ » n&#39;est pas une adresse e-mail valide." in r.text
    assert "faux@" in r.text  # what was typed is kept


def test_a_refused_address_fails_once_with_its_reason_and_the_call_is_intact(
    owner: Setup, mail: Inbox
) -> None:
    prefs(owner, emails=["refuse@exemple.fr", OWNER_MAIL], sms_enabled=False)
    call_id = message_call(owner, consent=False)
    before = _call(owner, call_id)
    settle(
        owner.app,
        lambda: (
            {d.status for d in _deliveries(owner)} == {"sent", "failed"}
            and len(dead_jobs(owner.app.services.db, owner.app.services.jobs)) == 1
        ),
        "one sent, one refused and its job given up",
    )
    failed = next(d for d in _deliveries(owner) if d.status == "failed")
    assert failed.recipient == "refuse@exemple.fr"
    assert failed.last_error is not None
    assert "a refusé l'adresse « refuse@exemple.fr » (code 550)" in failed.last_error
    dead = dead_jobs(owner.app.services.db, owner.app.services.jobs)
    assert [d.kind for d in dead] == [SEND_JOB]
    assert "refuse@exemple.fr" in dead[0].error
    page = owner.acc.client.get(f"/assistants/{owner.assistant_id}/notifications")
    assert "a refusé l&#39;adresse « refuse@exemple.fr »" in page.text
    assert _call(owner, call_id) == before
    assert len(mail.to(OWNER_MAIL)) == 1


@pytest.fixture
def mute_server() -> Iterator[int]:
    """A TCP server that accepts and never answers: the SMTP client's timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join(timeout=5)
    for conn in held:
        conn.close()
    listener.close()


def test_an_smtp_timeout_is_retried_with_backoff(
    owner: Setup, mute_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(senders, "SMTP_TIMEOUT_SECONDS", 0.5)
    settings = owner.app.services.settings
    settings.smtp_host, settings.smtp_port = "127.0.0.1", mute_server
    prefs(owner, sms_enabled=False)
    message_call(owner, consent=False)

    def attempted() -> bool:
        with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
            sends = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == SEND_JOB)).all()
        return any(d.last_error for d in _deliveries(owner)) and [m.attempts for m in sends] == [1]

    settle(owner.app, attempted, "a failed attempt recorded, delivery and job")
    delivery = _deliveries(owner)[0]
    assert delivery.status == "pending"
    assert delivery.last_error == (
        "Le serveur d'envoi n'a pas répondu à temps : nouvel essai plus tard."
    )
    with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        message = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == SEND_JOB)).one()
        assert message.done_at is None and message.attempts == 1
        assert message.next_attempt_at > utcnow()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (21608, "n'est pas vérifié sur le compte Twilio"),
        (21211, "Twilio refuse ce numéro de destinataire"),
        (21614, "ne peut pas recevoir de SMS"),
    ],
)
def test_twilio_refusals_are_final_with_a_french_reason(
    owner: Setup, mail: Inbox, twilio: FakeTwilio, code: int, expected: str
) -> None:
    twilio.errors[OWNER_MOBILE] = (400, code)
    prefs(owner)
    message_call(owner, consent=False)
    settle(
        owner.app,
        lambda: (
            {d.channel: d.status for d in _deliveries(owner)} == {"email": "sent", "sms": "failed"}
            and len(dead_jobs(owner.app.services.db, owner.app.services.jobs)) == 1
        ),
        "the SMS refused and its job given up",
    )
    sms = next(d for d in _deliveries(owner) if d.channel == "sms")
    assert sms.last_error is not None and expected in sms.last_error
    assert sms.attempts == 1
    assert [d.kind for d in dead_jobs(owner.app.services.db, owner.app.services.jobs)] == [SEND_JOB]


def test_a_twilio_outage_is_retried(owner: Setup, mail: Inbox, twilio: FakeTwilio) -> None:
    twilio.errors[OWNER_MOBILE] = (503, 20500)
    prefs(owner)
    message_call(owner, consent=False)
    settle(
        owner.app,
        lambda: any(d.channel == "sms" and d.last_error for d in _deliveries(owner)),
        "the SMS failed once",
    )
    settle(owner.app, lambda: len(mail.to(OWNER_MAIL)) == 1, "the e-mail, sent meanwhile")
    sms = next(d for d in _deliveries(owner) if d.channel == "sms")
    assert sms.status == "pending" and "surchargé" in (sms.last_error or "")
    del twilio.errors[OWNER_MOBILE]
    with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        message = s.scalars(
            select(OutboxMessage).where(
                OutboxMessage.kind == SEND_JOB, OutboxMessage.done_at.is_(None)
            )
        ).one()
        due = message.next_attempt_at
    owner.app.services.dispatcher.run_due(now=due + timedelta(seconds=1))
    assert len(twilio.to(OWNER_MOBILE)) == 1
    assert {d.status for d in _deliveries(owner)} == {"sent"}


def _recorded(setup: Setup, channel: str) -> bool:
    """The channel's delivery is sent and its job done: the worker beside the test is through
    with it, so what the test changes next is not overwritten."""
    with setup.app.services.db.unit_of_work(tenant_id=setup.hook.org_id) as s:
        delivery = s.scalars(
            select(NotificationDelivery).where(NotificationDelivery.channel == channel)
        ).one_or_none()
        if delivery is None or delivery.status != "sent":
            return False
        message = s.scalars(
            select(OutboxMessage).where(
                OutboxMessage.kind == SEND_JOB,
                OutboxMessage.payload["delivery_id"].as_string() == str(delivery.id),
            )
        ).one()
        return message.done_at is not None


def _interrupt(setup: Setup, channel: str) -> uuid.UUID:
    """A worker killed mid-send: the delivery was committed « sending », its job's lease ran
    out, the outcome was never recorded."""
    with setup.app.services.db.unit_of_work(tenant_id=setup.hook.org_id) as s:
        delivery = s.scalars(
            select(NotificationDelivery).where(NotificationDelivery.channel == channel)
        ).one()
        delivery.status, delivery.attempt_started_at = "sending", utcnow() - timedelta(minutes=1)
        delivery.sent_at = None
        message = s.scalars(
            select(OutboxMessage).where(
                OutboxMessage.kind == SEND_JOB,
                OutboxMessage.payload["delivery_id"].as_string() == str(delivery.id),
            )
        ).one()
        message.done_at, message.next_attempt_at = None, utcnow() - timedelta(seconds=1)
        return message.id


def test_an_sms_whose_outcome_was_lost_is_found_at_twilio_not_sent_again(
    owner: Setup, mail: Inbox, twilio: FakeTwilio
) -> None:
    prefs(owner)
    message_call(owner, consent=False)
    settle(owner.app, lambda: _recorded(owner, "sms"), "the SMS sent and recorded")
    _interrupt(owner, "sms")  # the worker died after Twilio took it
    owner.app.services.dispatcher.run_due()
    owner.app.services.dispatcher.run_due()
    assert len(twilio.to(OWNER_MOBILE)) == 1
    sms = next(d for d in _deliveries(owner) if d.channel == "sms")
    assert sms.status == "sent" and sms.provider_ref == twilio.to(OWNER_MOBILE)[0]["sid"]


def test_an_email_whose_outcome_was_lost_goes_to_the_dead_letter_not_out_again(
    owner: Setup, mail: Inbox
) -> None:
    prefs(owner, sms_enabled=False)
    message_call(owner, consent=False)
    settle(owner.app, lambda: _recorded(owner, "email"), "the e-mail sent and recorded")
    message_id = _interrupt(owner, "email")
    owner.app.services.dispatcher.run_due()
    owner.app.services.dispatcher.run_due()
    assert len(mail.to(OWNER_MAIL)) == 1
    email = _deliveries(owner)[0]
    assert email.status == "failed" and "Envoi interrompu" in (email.last_error or "")
    dead = dead_jobs(owner.app.services.db, owner.app.services.jobs)
    assert [d.id for d in dead] == [str(message_id)]
    # The operator decides: the retry sends it again, once.
    assert retry(owner.app.services.db, owner.app.services.jobs, str(message_id))
    settle(owner.app, lambda: len(mail.to(OWNER_MAIL)) == 2, "the operator's retry")
    owner.app.services.dispatcher.run_due()
    assert len(mail.to(OWNER_MAIL)) == 2 and _deliveries(owner)[0].status == "sent"


def test_fan_out_twice_queues_nothing_twice(owner: Setup, mail: Inbox) -> None:
    prefs(owner, sms_enabled=False)
    call_id = message_call(owner, consent=False)
    settle(owner.app, lambda: len(mail.to(OWNER_MAIL)) == 1, "the e-mail")
    notifier = owner.app.services.notifier
    for _ in range(2):
        notifier.fan_out(owner.hook.org_id, {"provider_call_id": call_id}, utcnow())
    owner.app.services.dispatcher.run_due()
    assert len(_deliveries(owner)) == 1 and len(mail.to(OWNER_MAIL)) == 1
    with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        kinds = [m.kind for m in s.scalars(select(OutboxMessage))]
    assert sorted(kinds) == [CALL_JOB, SEND_JOB]
