"""A call whose end-of-call report never arrived and is filled in by reconciliation notifies the
owner too, once: the late real report and further passes send nothing more."""

from __future__ import annotations

import json
import time

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from allokoli.models import NotificationDelivery
from allokoli.webhooks.auth import sign
from tests.notifications.conftest import Inbox, Setup, settle
from tests.notifications.test_after_call import OWNER_MAIL, prefs

MESSAGE_CALL = [
    "Bonjour, je voudrais laisser un message",
    "Paul Martin",
    "06 12 34 56 78",
    "c'est pour une privatisation de la salle",
    "oui",
    "non merci, au revoir",
]


def test_a_reconciled_call_sends_its_notification_once(
    owner: Setup, mail: Inbox, client: TestClient
) -> None:
    prefs(owner, sms_enabled=False)
    lost: list[httpx.Request] = []

    def drop(request: httpx.Request) -> httpx.Response:  # our server was down
        lost.append(request)
        return httpx.Response(503)

    owner.app.services.sandbox_http_client = httpx.Client(transport=httpx.MockTransport(drop))
    chat_id = None
    for line in MESSAGE_CALL:
        r = owner.acc.client.post(
            f"/api/v1/assistants/{owner.assistant_id}/chat",
            json={"text": line, "chat_id": chat_id},
            headers=owner.acc.auth,
        )
        assert r.status_code == 200, r.text
        chat_id = r.json()["chat_id"]
    report = json.loads(lost[-1].content)
    assert report["message"]["type"] == "end-of-call-report"
    owner.app.services.dispatcher.run_due()
    assert mail.to(OWNER_MAIL) == []  # nothing known of the call yet

    result = owner.app.services.reconciler.run(org_id=owner.hook.org_id)
    assert len(result.filled) == 1
    settle(owner.app, lambda: len(mail.to(OWNER_MAIL)) == 1, "the owner's e-mail")
    (email,) = mail.to(OWNER_MAIL)
    body = email.get_body(preferencelist=("plain",))
    assert body is not None and "Paul Martin" in body.get_content()

    # a second pass, then the late real report: absorbed, nothing sent twice
    assert owner.app.services.reconciler.run(org_id=owner.hook.org_id).filled == []
    raw = json.dumps(report).encode()
    headers = {
        "content-type": "application/json",
        **sign(raw, owner.hook.secret, int(time.time())),
    }
    assert client.post(owner.hook.url, content=raw, headers=headers).json() == {
        "status": "duplicate"
    }
    for _ in range(3):
        owner.app.services.dispatcher.run_due()
    assert len(mail.to(OWNER_MAIL)) == 1
    with owner.app.services.db.unit_of_work(tenant_id=owner.hook.org_id) as s:
        rows = list(s.scalars(select(NotificationDelivery)))
    assert [(d.channel, d.provider_call_id, d.status) for d in rows] == [
        ("email", result.filled[0], "sent")
    ]
