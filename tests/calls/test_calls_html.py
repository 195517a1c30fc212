"""The French pages: calls, one call, messages (« traité » toggles), alerts, dashboard."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.assistants.conftest import create
from tests.calls.conftest import OrgHook, call_id_of
from tests.conftest import Account

HTMX = {"HX-Request": "true"}


def test_calls_page_lists_masked_and_filters(alice: Account, alice_hook: OrgHook) -> None:
    assistant = create(alice)
    for i in range(3):
        alice_hook.report(
            caller="+33612345678",
            assistant_id=assistant["id"],
            started=datetime.now(UTC) - timedelta(hours=i + 1),
        )
    alice_hook.report(
        caller="+33698765432",
        transcript="AI: Bonjour.\nUser: Une fuite d'eau !",
        reason="pipeline-error-openai-llm-failed",
    )
    page = alice.client.get("/calls")
    assert page.status_code == 200
    assert '<a href="/calls" aria-current="page">Appels</a>' in page.text
    assert "06 •• •• •• 78" in page.text and "06 12 34 56 78" not in page.text
    assert "+33612345678" not in page.text
    assert f'<option value="{assistant["id"]}"' in page.text
    assert 'role="search"' in page.text and '<label for="q">' in page.text
    errors = alice.client.get("/calls", params={"status": "failed"})
    assert "06 •• •• •• 32" in errors.text and "06 •• •• •• 78" not in errors.text
    assert "Erreur technique" in errors.text
    found = alice.client.get(
        "/calls", params={"q": "fuite"}, headers=HTMX | {"HX-Target": "call-results"}
    )
    assert "<html" not in found.text and found.text.count('class="item"') == 1
    nothing = alice.client.get("/calls", params={"q": "dinosaure"})
    assert "Aucun appel ne correspond" in nothing.text and "Effacer les filtres" in nothing.text
    detail = alice.client.get(f"/assistants/{assistant['id']}").text
    link = f'href="/calls?assistant_id={assistant["id"]}">Voir ses appels</a>'
    assert link in detail
    by_assistant = alice.client.get("/calls", params={"assistant_id": assistant["id"]})
    assert by_assistant.text.count('class="item"') == 3
    bad = alice.client.get("/calls", params={"from": "2026-05-02", "to": "2026-05-01"})
    assert bad.status_code == 200 and "La date de fin doit être après la date de début." in bad.text


def test_see_more_appends_the_next_page(alice: Account, alice_hook: OrgHook) -> None:
    now = datetime.now(UTC)
    for i in range(32):
        alice_hook.report(started=now - timedelta(minutes=i + 5))
    first = alice.client.get("/calls")
    assert first.text.count('class="item"') == 30
    more = re.search(r'hx-get="(/calls\?[^"]*fragment=items[^"]*)"', first.text)
    assert more, "no « voir plus » link"
    rest = alice.client.get(more.group(1).replace("&amp;", "&"), headers=HTMX)
    assert rest.text.count('class="item"') == 2 and "Voir plus" not in rest.text
    assert "<html" not in rest.text


def test_call_page(alice: Account, bob: Account, alice_hook: OrgHook) -> None:
    provider_id = alice_hook.report(recording="https://storage.example/rec.mp3")
    alice_hook.take_message(provider_id, name="Jean Dupont")
    call_id = call_id_of(alice, provider_id)
    page = alice.client.get(f"/calls/{call_id}")
    assert page.status_code == 200
    assert '<a href="tel:+33612345678" id="caller-number">06 12 34 56 78</a>' in page.text
    assert '<audio controls preload="none" src="https://storage.example/rec.mp3">' in page.text
    assert 'class="bubble user"' in page.text and "réserver une table" in page.text
    assert "Le client demande une réservation" in page.text
    assert "Jean Dupont" in page.text and "/handled" in page.text
    assert bob.client.get(f"/calls/{call_id}").status_code == 404
    unsafe = call_id_of(alice, alice_hook.report(recording="javascript:alert(1)"))
    assert "<audio" not in alice.client.get(f"/calls/{unsafe}").text


def test_messages_page_and_handled_toggle(
    alice: Account, bob: Account, alice_hook: OrgHook
) -> None:
    alice_hook.take_message(alice_hook.report(), name="Jean Dupont", number="06 11 22 33 44")
    page = alice.client.get("/messages")
    assert page.status_code == 200 and "Jean Dupont" in page.text
    assert '<a href="tel:+33611223344">06 11 22 33 44</a>' in page.text
    message_id = re.search(r'id="message-([0-9a-f-]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = alice.client.post(
        f"/messages/{message_id}/handled",
        data={"handled": "1", "csrf_token": alice.csrf},
        headers=HTMX,
    )
    assert r.status_code == 200 and r.text.lstrip().startswith("<li")
    assert 'aria-pressed="true"' in r.text and "✓ Traité" in r.text
    assert "Rien à traiter" in alice.client.get("/messages").text
    assert "Jean Dupont" in alice.client.get("/messages", params={"handled": "oui"}).text
    r = alice.client.post(
        f"/messages/{message_id}/handled",
        data={"handled": "0", "csrf_token": alice.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "Marqué comme à traiter." in alice.client.get(r.headers["location"]).text
    r = bob.client.post(
        f"/messages/{message_id}/handled", data={"handled": "1", "csrf_token": bob.csrf}
    )
    assert r.status_code == 404
    r = alice.client.post(f"/messages/{message_id}/handled", data={"handled": "1"})
    assert r.status_code == 403  # no CSRF token


def test_alerts_page_and_banner(alice: Account, alice_hook: OrgHook) -> None:
    assert "Aucune alerte" in alice.client.get("/alerts").text
    for _ in range(3):
        alice_hook.report(
            started=datetime.now(UTC) - timedelta(minutes=30),
            reason="pipeline-error-openai-llm-failed",
        )
    page = alice.client.get("/alerts")
    assert "Appels terminés en erreur" in page.text and "/calls?status=failed" in page.text
    for path in ("/dashboard", "/calls"):
        banner = alice.client.get(path).text
        assert 'class="alert alert-banner" role="alert"' in banner and 'href="/alerts"' in banner


def test_dashboard_figures_and_accessible_charts(alice: Account, alice_hook: OrgHook) -> None:
    assistant = create(alice)
    alice_hook.report(
        started=datetime.now(UTC) - timedelta(days=2),
        seconds=120,
        cost=1.0,
        assistant_id=assistant["id"],
    )
    alice_hook.take_message(alice_hook.report(started=datetime.now(UTC) - timedelta(days=10)))
    page = alice.client.get("/dashboard")
    assert page.status_code == 200
    for heading in ("Aujourd&#39;hui", "7 derniers jours", "30 derniers jours"):
        assert f">{heading}</h2>" in page.text
    assert page.text.count('role="img"') == 3
    for chart in ("chart-days", "chart-assistants", "chart-reasons"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page.text
        assert f'<title id="{chart}-title">' in page.text
    assert "Voir les données" in page.text and '<th scope="col">Jour</th>' in page.text
    assert assistant["name"] in page.text and "Derniers appels" in page.text
    assert "À traiter (1)" in page.text
    month = alice.client.get("/dashboard", params={"period": "30d"})
    assert 'href="/dashboard?period=30d" aria-current="page"' in month.text
    assert alice.client.get("/dashboard", params={"period": "n'importe"}).status_code == 200
