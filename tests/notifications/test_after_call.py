"""After a call: the owner's e-mail (real SMTP server) and SMS (Twilio at its HTTP boundary),
the caller's confirmation SMS, each sent once."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from allokoli.models import NotificationDelivery, OutboxMessage, TakenMessage
from tests.notifications.conftest import SMS_FROM, FakeTwilio, Inbox, Setup, settle, tool_call

OWNER_MAIL = "gerant@exemple.fr"
OWNER_MOBILE = "+33612345678"
CALLER = "+33611223344"


def prefs(setup: Setup, **changes: Any) -> dict[str, Any]:
    body = {
        "calls": "all",
        "email_enabled": True,
        "emails": [OWNER_MAIL],
        "sms_enabled": True,
        "phones": ["06 12 34 56 78"],
        **changes,
    }
    r = setup.acc.client.put(
        f"/api/v1/assistants/{setup.assistant_id}/notifications", json=body, headers=setup.acc.auth
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def message_call(setup: Setup, *, consent: bool, urgent: bool = False) -> str:
    call_id = f"call-{uuid.uuid4()}"
    result = tool_call(
        setup,
        call_id,
        "take_message",
        {
            "nom_appelant": "Jean Dupont",
            "telephone_rappel": "06 11 22 33 44",
            "motif": "rappel",
            "message": "Merci de me rappeler pour un devis.",
            "urgent": urgent,
            "confirmation_sms": consent,
            "question_sans_reponse": "",
        },
    )
    assert "result" in result, result
    setup.hook.report(call_id=call_id, caller=CALLER, assistant_id=setup.assistant_id)
    return call_id


def pending(setup: Setup) -> list[str]:
    with setup.app.services.db.unit_of_work(tenant_id=setup.hook.org_id) as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.done_at.is_(None)))
        return [row.kind for row in rows]


def deliveries(setup: Setup) -> list[NotificationDelivery]:
    with setup.app.services.db.unit_of_work(tenant_id=setup.hook.org_id) as s:
        return list(s.scalars(select(NotificationDelivery)))


def test_owner_gets_one_email_and_one_sms_and_the_caller_one_confirmation(
    owner: Setup, mail: Inbox, twilio: FakeTwilio
) -> None:
    prefs(owner)
    call_id = message_call(owner, consent=True)
    settle(
        owner.app,
        lambda: len(mail.to(OWNER_MAIL)) == 1 and len(twilio.sent) == 2,
        "one e-mail and two SMS",
    )
    email = mail.to(OWNER_MAIL)[0]
    assert "Appel de 06 11 22 33 44" in str(email["Subject"])
    assert email.is_multipart()
    text = email.get_body(preferencelist=("plain",))
    html = email.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    plain = text.get_content()
    assert "+33611223344" in plain  # the full number for the owner
    assert "Jean Dupont" in plain and "Merci de me rappeler pour un devis." in plain
    assert "Urgence : non" in plain
    assert "/calls/" in plain and "Voir l'appel" in plain
    assert "<table" in html.get_content()
    owner_sms = twilio.to(OWNER_MOBILE)
    assert len(owner_sms) == 1 and owner_sms[0]["From"] == SMS_FROM
    assert "Appel de 06 11 22 33 44" in owner_sms[0]["Body"]
    confirmation = twilio.to(CALLER)
    assert len(confirmation) == 1
    assert "a bien reçu votre message" in confirmation[0]["Body"]
    assert "STOP" in confirmation[0]["Body"]
    with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        taken = s.scalars(select(TakenMessage).where(TakenMessage.provider_call_id == call_id))
        assert [m.sms_consent for m in taken] == [True]
    listed = owner.acc.client.get("/api/v1/messages", headers=owner.acc.auth).json()["items"]
    assert [m["sms_consent"] for m in listed] == [True]  # kept with the record

    # The same report again, more passes: nothing is sent twice.
    owner.hook.report(call_id=call_id, caller=CALLER, assistant_id=owner.assistant_id)
    for _ in range(3):
        owner.app.services.dispatcher.run_due()
    assert len(mail.to(OWNER_MAIL)) == 1 and len(twilio.sent) == 2
    assert {d.status for d in deliveries(owner)} == {"sent"}


def test_no_confirmation_without_the_callers_yes(
    owner: Setup, mail: Inbox, twilio: FakeTwilio
) -> None:
    prefs(owner, sms_enabled=False)
    message_call(owner, consent=False)
    settle(owner.app, lambda: len(mail.to(OWNER_MAIL)) == 1, "the owner's e-mail")
    assert twilio.sent == []
    assert [d.kind for d in deliveries(owner)] == ["call"]


def test_urgent_only_skips_an_ordinary_call_and_sends_an_urgent_one(
    owner: Setup, mail: Inbox, twilio: FakeTwilio
) -> None:
    prefs(owner, calls="urgent", sms_enabled=False)
    message_call(owner, consent=False)
    urgent = message_call(owner, consent=False, urgent=True)
    settle(
        owner.app,
        lambda: len(mail.to(OWNER_MAIL)) == 1 and pending(owner) == [],
        "the urgent call's e-mail, and every job done",
    )
    subject = str(mail.to(OWNER_MAIL)[0]["Subject"])
    assert subject.startswith("URGENT")
    assert [d.provider_call_id for d in deliveries(owner)] == [urgent]


def test_stop_list_blocks_the_confirmation(owner: Setup, mail: Inbox, twilio: FakeTwilio) -> None:
    prefs(owner, sms_enabled=False)
    r = owner.acc.client.post(
        "/api/v1/sms-opt-outs", json={"number": "06 11 22 33 44"}, headers=owner.acc.auth
    )
    assert r.status_code == 201, r.text
    message_call(owner, consent=True)
    settle(
        owner.app,
        lambda: {d.status for d in deliveries(owner) if d.kind == "confirmation"} == {"skipped"},
        "the confirmation skipped",
    )
    assert twilio.sent == []
    skipped = next(d for d in deliveries(owner) if d.kind == "confirmation")
    assert skipped.last_error is not None and "STOP" in skipped.last_error
