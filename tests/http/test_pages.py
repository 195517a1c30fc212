"""Pages that read well: favicon, meta descriptions, French labels, the phone menu, the
reopened configurator conversation, styles for every input."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import delete

from allokoli.http.deps import AlloKoliApp
from allokoli.models import ConfiguratorTurn
from tests.conftest import Account

PUBLIC = ("/", "/login", "/signup", "/mentions-legales")
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]{40,})">')


def test_favicon_is_served_at_the_root(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert client.get("/static/favicon.svg").status_code == 200


def test_public_pages_have_a_description_and_an_icon(client: TestClient) -> None:
    seen = set()
    for path in PUBLIC:
        page = client.get(path).text
        match = DESCRIPTION.search(page)
        assert match, path
        seen.add(match.group(1))
        assert '<link rel="icon" href="/favicon.ico"' in page
    assert len(seen) == len(PUBLIC)  # each page says what it is about


def test_signed_in_pages_have_a_description_and_the_phone_menu(alice: Account) -> None:
    for path in (
        "/dashboard",
        "/assistants",
        "/calls",
        "/messages",
        "/settings/account",
        "/settings/calendar",
    ):
        page = alice.client.get(path).text
        assert DESCRIPTION.search(page), path
        assert 'id="nav-toggle" aria-controls="nav-menu"' in page
        assert '<ul class="nav" id="nav-menu">' in page


def test_messages_filter_reads_in_the_plural(alice: Account) -> None:
    page = html.unescape(alice.client.get("/messages").text)
    assert ">Demandes de rendez-vous</option>" in page
    assert ">Messages</option>" in page
    assert "vouss" not in page


def test_every_input_type_is_styled(client: TestClient) -> None:
    css = client.get("/static/app.css").text
    for kind in ("search", "tel", "number", "date", "time", "email", "url", "password"):
        assert f"input[type={kind}]" in css, kind


def test_tables_become_cards_on_phones(alice: Account) -> None:
    css = alice.client.get("/static/app.css").text
    assert "@media (max-width: 600px)" in css and "table.list tr {" in css
    page = alice.client.get("/settings/account").text
    assert '<table class="list">' in page and 'data-label="Navigateur"' in page


def test_a_reopened_configurator_conversation_ends_on_its_current_question(
    alice: Account,
) -> None:
    start = alice.client.post("/api/v1/configurator/sessions", headers=alice.auth).json()
    turn = alice.client.post(
        f"/api/v1/configurator/sessions/{start['id']}/turns",
        json={"text": "Je suis plombier à Lyon, mon entreprise s'appelle Plomberie Martin."},
        headers=alice.auth,
    ).json()
    page = alice.client.get(f"/configurator/{start['id']}").text
    bubbles = re.findall(r'<div class="bubble[^"]*">(.*?)</div>', page, re.S)
    assert html.unescape(bubbles[-1]) == turn["reply"]  # the page ends on the pending question
    assert html.unescape(bubbles[0]) == start["reply"]  # after the whole conversation
    assert 'id="chat-log" class="chat-log"' in page  # app.js scrolls it to the newest message


def test_a_conversation_without_its_reply_shows_the_current_question(
    app: AlloKoliApp, alice: Account
) -> None:
    start = alice.client.post("/api/v1/configurator/sessions", headers=alice.auth).json()
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as session:
        session.execute(delete(ConfiguratorTurn))
    page = alice.client.get(f"/configurator/{start['id']}").text
    bubbles = re.findall(r'<div class="bubble[^"]*">(.*?)</div>', page, re.S)
    assert bubbles and "présentez-moi votre entreprise" in html.unescape(bubbles[-1])
