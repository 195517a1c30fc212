"""« Questions sans réponse »: reported by a live tool argument, by the end-of-call structured
output, and by the sandbox's receptionist in a test chat; answered once, they become an FAQ entry
and a new version, and the next test chat answers them."""

from __future__ import annotations

import uuid
from typing import Any

from allokoli.http.deps import AlloKoliApp
from allokoli.notifications.gaps import question_key
from tests.assistants.conftest import deploy
from tests.conftest import Account
from tests.notifications.conftest import Setup, settle, tool_call

DOGS = "Est-ce que vous acceptez les chiens ?"


def _gaps(acc: Account, assistant_id: str) -> list[dict[str, Any]]:
    r = acc.client.get(
        "/api/v1/knowledge-gaps", params={"assistant_id": assistant_id}, headers=acc.auth
    )
    assert r.status_code == 200, r.text
    return list(r.json())


def _talk(acc: Account, assistant_id: str, lines: list[str]) -> list[str]:
    chat_id, replies = None, []
    for line in lines:
        r = acc.client.post(
            f"/api/v1/assistants/{assistant_id}/chat",
            json={"text": line, "chat_id": chat_id},
            headers=acc.auth,
        )
        assert r.status_code == 200, r.text
        chat_id = str(r.json()["chat_id"])
        replies.append(str(r.json()["reply"]))
    return replies


def test_similar_wordings_share_one_key() -> None:
    assert question_key(DOGS) == question_key("Les chiens sont-ils acceptés ?")
    assert question_key(DOGS) != question_key("Acceptez-vous les tickets restaurant ?")


def test_tool_argument_and_report_count_each_call_once(owner: Setup) -> None:
    first = f"call-{uuid.uuid4()}"
    result = tool_call(
        owner,
        first,
        "take_message",
        {
            "nom_appelant": "Jean Dupont",
            "telephone_rappel": "0611223344",
            "motif": "information",
            "message": "Veut savoir si les chiens sont acceptés.",
            "urgent": False,
            "confirmation_sms": False,
            "question_sans_reponse": DOGS,
        },
    )
    assert "result" in result
    # The same call's report repeats it (similar wording): still one ask for this call.
    owner.hook.report(
        call_id=first,
        assistant_id=owner.assistant_id,
        structured={"questions_sans_reponse": ["Les chiens sont-ils acceptés ?"]},
    )
    second = owner.hook.report(
        assistant_id=owner.assistant_id,
        structured={"questions_sans_reponse": ["Vous acceptez les chiens ?", ""]},
    )
    settle(
        owner.app,
        lambda: [g["asked_count"] for g in _gaps(owner.acc, owner.assistant_id)] == [2],
        "one question asked in two calls",
    )
    (gap,) = _gaps(owner.acc, owner.assistant_id)
    assert gap["question"] == DOGS and gap["answered_at"] is None
    assert second != first


def test_bad_answers_are_refused_in_french(owner: Setup) -> None:
    owner.hook.report(
        assistant_id=owner.assistant_id, structured={"questions_sans_reponse": [DOGS]}
    )
    settle(owner.app, lambda: len(_gaps(owner.acc, owner.assistant_id)) == 1, "the gap")
    gap_id = _gaps(owner.acc, owner.assistant_id)[0]["id"]
    url = f"/api/v1/knowledge-gaps/{gap_id}/answer"
    r = owner.acc.client.post(url, json={"answer": "   "}, headers=owner.acc.auth)
    assert r.status_code == 422 and "La réponse est vide" in r.json()["detail"]
    r = owner.acc.client.post(url, json={"answer": "x" * 1001}, headers=owner.acc.auth)
    assert r.status_code == 422
    versions = owner.acc.client.get(
        f"/api/v1/assistants/{owner.assistant_id}", headers=owner.acc.auth
    ).json()["version"]
    assert versions == 1  # nothing half-written


def test_a_test_chat_question_is_answered_once_then_known(
    app: AlloKoliApp, alice: Account, owner: Setup
) -> None:
    deploy(app, alice, owner.assistant_id)
    replies = _talk(alice, owner.assistant_id, [DOGS, "non merci, au revoir"])
    assert "chiens" not in replies[0].lower()
    settle(app, lambda: len(_gaps(alice, owner.assistant_id)) == 1, "the test chat's question")
    (gap,) = _gaps(alice, owner.assistant_id)
    assert gap["asked_count"] == 1

    # The question shows on the page, and on the call list.
    page = alice.client.get(f"/assistants/{owner.assistant_id}/questions")
    assert page.status_code == 200 and "Questions sans réponse" in page.text
    assert "Posée 1 fois" in page.text
    calls = alice.client.get("/api/v1/calls", headers=alice.auth).json()["items"]
    marks = alice.client.get("/questions/calls", params={"call": [calls[0]["id"]]})
    assert "Question sans réponse" in marks.text

    r = alice.client.post(
        "/questions/" + gap["id"] + "/answer",
        data={
            "csrf_token": alice.csrf,
            "answer": "Oui, les chiens sont les bienvenus en terrasse.",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    (gap,) = _gaps(alice, owner.assistant_id)
    assert gap["answered_version"] == 2 and gap["answer"].startswith("Oui, les chiens")
    fiche = alice.client.get(f"/api/v1/assistants/{owner.assistant_id}", headers=alice.auth).json()
    assert fiche["version"] == 2
    assert {"question": DOGS, "answer": gap["answer"]} in fiche["profile"]["faq"]
    app.services.dispatcher.run_due()  # the new version's push (it is live)
    marks = alice.client.get("/questions/calls", params={"call": [calls[0]["id"]]})
    assert "Question répondue depuis" in marks.text

    replies = _talk(alice, owner.assistant_id, [DOGS, "merci, au revoir"])
    assert "chiens sont les bienvenus en terrasse" in replies[0]
