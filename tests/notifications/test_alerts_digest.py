"""The owner-alert entry point, SMS quiet hours, the daily digest (List-Unsubscribe and its
working link), and Twilio's inbound STOP."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

from pydantic import SecretStr
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from allokoli.calls.display import PARIS
from allokoli.models import NotificationDelivery, OutboxMessage, SmsOptOut
from allokoli.notifications.service import SEND_JOB, enqueue_owner_alert
from allokoli.tenancy import Tenant
from tests.notifications.conftest import FakeTwilio, Inbox, Setup, settle
from tests.notifications.test_after_call import OWNER_MAIL, OWNER_MOBILE, message_call, prefs


def _deliveries(setup: Setup) -> list[NotificationDelivery]:
    with setup.app.services.db.unit_of_work(tenant_id=setup.hook.org_id) as s:
        return list(s.scalars(select(NotificationDelivery)))


def test_owner_alert_goes_to_every_channel_once(
    owner: Setup, mail: Inbox, twilio: FakeTwilio
) -> None:
    prefs(owner)
    text = "Un appel du 06 99 88 77 66 a été bloqué (numéro protégé)."
    db = owner.app.services.db
    for _ in range(2):  # the same alert twice: queued once
        with db.unit_of_work(tenant_id=owner.hook.org_id) as s:
            queued = enqueue_owner_alert(s, Tenant(owner.hook.org_id), "blocked_call", text)
    assert queued == 0
    settle(
        owner.app,
        lambda: len(mail.to(OWNER_MAIL)) == 1 and len(twilio.to(OWNER_MOBILE)) == 1,
        "the alert by e-mail and SMS",
    )
    email = mail.to(OWNER_MAIL)[0]
    assert str(email["Subject"]) == "AlloKoli – Appel bloqué"
    assert text in twilio.to(OWNER_MOBILE)[0]["Body"]
    assert {d.kind for d in _deliveries(owner)} == {"alert"}


def test_sms_wait_for_the_end_of_the_quiet_hours(owner: Setup, twilio: FakeTwilio) -> None:
    prefs(owner, email_enabled=False, quiet_start="21:00", quiet_end="08:00")
    # a night ahead of the real clock: the commit's own wake-up must find nothing due yet
    day = datetime.now(PARIS).date() + timedelta(days=30)
    night = datetime.combine(day, time(23, 30), tzinfo=PARIS).astimezone(UTC)
    with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        enqueue_owner_alert(
            s, Tenant(owner.hook.org_id), "spend", "Budget du mois atteint.", now=night
        )
    with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        message = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == SEND_JOB)).one()
        due = message.next_attempt_at
    assert due == datetime.combine(day + timedelta(days=1), time(8, 0), tzinfo=PARIS)
    owner.app.services.dispatcher.run_due(now=due - timedelta(minutes=1))
    assert twilio.sent == []
    owner.app.services.dispatcher.run_due(now=due + timedelta(seconds=1))
    assert len(twilio.to(OWNER_MOBILE)) == 1


def test_daily_digest_grouped_by_priority_with_a_working_unsubscribe(
    owner: Setup, mail: Inbox
) -> None:
    prefs(owner, calls="none", sms_enabled=False)
    yesterday = datetime(2026, 12, 4, 15, 0, tzinfo=PARIS).astimezone(UTC)
    message_call(owner, consent=False, urgent=True)  # today: not in yesterday's digest
    owner.hook.report(
        started=yesterday, assistant_id=owner.assistant_id, summary="Question sur les horaires."
    )
    owner.hook.report(
        started=yesterday + timedelta(hours=1),
        assistant_id=owner.assistant_id,
        seconds=3,
        transcript="",
        summary="",
    )
    owner.hook.report(
        started=yesterday + timedelta(hours=2),
        assistant_id=owner.assistant_id,
        structured={
            "fiche_appel": {
                "nom_appelant": "Léa",
                "telephone_rappel": "0611223344",
                "motif": "urgence",
                "urgence": True,
                "message_pour_le_responsable": "Fuite d'eau.",
            }
        },
    )
    owner.app.services.dispatcher.run_due()
    notifier = owner.app.services.notifier
    morning = datetime(2026, 12, 5, 7, 5, tzinfo=PARIS).astimezone(UTC)
    assert notifier.digest(morning - timedelta(hours=1)) == 0  # before 7 h
    assert notifier.digest(morning) == 1
    assert notifier.digest(morning + timedelta(hours=1)) == 0  # once a day
    settle(owner.app, lambda: len(mail.to(OWNER_MAIL)) == 1, "the digest")
    digest = mail.to(OWNER_MAIL)[0]
    assert str(digest["Subject"]) == "Vos appels du 4 décembre 2026"
    body = digest.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert text.index("Urgences (1)") < text.index("Appels d'information (1)")
    assert text.index("Appels d'information (1)") < text.index("Appels indésirables ou vides (1)")
    assert "Fuite d'eau." in text
    unsubscribe = str(digest["List-Unsubscribe"]).strip("<>")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    anonymous = owner.acc.client
    page = anonymous.get("/" + path)
    assert page.status_code == 200 and "Me désabonner" in page.text
    done = anonymous.post("/" + path)
    assert done.status_code == 200 and "Vous ne recevrez plus le résumé quotidien" in done.text
    r = owner.acc.client.get(
        f"/api/v1/assistants/{owner.assistant_id}/notifications", headers=owner.acc.auth
    )
    assert r.json()["digest_enabled"] is False
    assert anonymous.post(f"/notifications/unsubscribe/{owner.hook.org_id}/faux").status_code == 404


def test_inbound_stop_from_twilio_fills_the_stop_list(owner: Setup, twilio: FakeTwilio) -> None:
    settings = owner.app.services.settings
    settings.twilio_auth_token = SecretStr("test-token")
    url_path = owner.hook.url.replace("/webhooks/vapi/", "/webhooks/twilio/") + "/sms"
    form = {"From": "+33611223344", "Body": "STOP", "MessageSid": f"SM{uuid.uuid4().hex}"}
    signature = RequestValidator("test-token").compute_signature(
        settings.public_url.rstrip("/") + url_path, form
    )
    bad = owner.acc.client.post(url_path, data=form, headers={"X-Twilio-Signature": "faux"})
    assert bad.status_code == 401
    r = owner.acc.client.post(url_path, data=form, headers={"X-Twilio-Signature": signature})
    assert r.status_code == 200 and "ne recevrez plus de SMS" in r.text
    with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        assert [(o.number, o.source) for o in s.scalars(select(SmsOptOut))] == [
            ("+33611223344", "twilio")
        ]
    listed = owner.acc.client.get("/api/v1/sms-opt-outs", headers=owner.acc.auth).json()
    assert [o["number"] for o in listed] == ["+33611223344"]


def test_retention_purge_deletes_old_deliveries(owner: Setup) -> None:
    from allokoli.privacy.service import purge_organization

    prefs(owner, sms_enabled=False)
    tenant = Tenant(owner.hook.org_id)
    db = owner.app.services.db
    with db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        assert enqueue_owner_alert(s, tenant, "test", "Alerte ancienne.") == 1
    later = datetime.now(UTC) + timedelta(days=40)
    with db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        purge_organization(s, tenant, 30, actor="test", now=later)
    assert _deliveries(owner) == []


def test_a_budget_alert_of_call_routing_reaches_the_owner_once(
    owner: Setup, mail: Inbox, twilio: FakeTwilio
) -> None:
    from allokoli.routing import spend

    prefs(owner, calls="none", sms_enabled=False)
    minute = spend.default_eur_per_minute()
    owner.hook.report(seconds=5 * 60, assistant_id=owner.assistant_id)
    for _ in range(2):  # the same month's threshold twice: one e-mail
        r = owner.acc.client.put(
            "/api/v1/budget",
            json={"monthly_budget_eur": round(minute * 2, 4), "auto_pause": True},
            headers=owner.acc.auth,
        )
        assert r.status_code == 200, r.text
    settle(owner.app, lambda: len(mail.to(OWNER_MAIL)) == 1, "the budget alert by e-mail")
    body = mail.to(OWNER_MAIL)[0].get_body(preferencelist=("plain",))
    assert body is not None and "budget" in body.get_content().lower()
    assert [d.kind for d in _deliveries(owner)] == ["alert"]
