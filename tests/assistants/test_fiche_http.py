"""The Fiche over HTTP: every form (valid, invalid with its French message and nothing saved),
the same service behind the REST API, the quality card's links, « Compléter ma fiche », safe
regeneration and the readable history."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

from allokoli.configurator import texts
from allokoli.http.deps import AlloKoliApp
from tests.assistants.conftest import deploy
from tests.conftest import Account

#: One valid and one invalid submission per group, with the exact French message expected.
CASES: dict[str, tuple[dict[str, str], dict[str, str], str]] = {
    "identite": (
        {"company_name": "Pizzeria Da Marco", "street": "3 rue Neuve", "postal_code": "69003"},
        {"company_name": "Pizzeria Da Marco", "postal_code": "690"},
        "« 690 » n'est pas un code postal à 5 chiffres.",
    ),
    "horaires": (
        {"day_lundi": "fermé", "day_mardi": "11h-14h"},
        {"day_lundi": "n'importe quoi"},
        "Je n'ai pas réussi à lire ces horaires précisément. Le lundi : « n'importe quoi ».",
    ),
    "prestations": (
        {"services": "Margherita : 9 €\nCalzone : 12,50 €"},
        {"services": "12"},
        "Je n'ai pas compris la ligne « 12 » : une prestation par ligne, avec son prix.",
    ),
    "missions": (
        {"task_take_message": "on"},
        {"task_take_message": "on", "notes": "x" * 2001},
        "notes",
    ),
    "transferts": (
        {"transfer_number": "06 11 22 33 44", "transfer_when": "si un client est mécontent"},
        {"transfer_number": "06 11"},
        texts.ASK_TRANSFER_NUMBER_INVALID,
    ),
    "faq": (
        {"faq_q_0": "Livrez-vous ?", "faq_a_0": "Oui, dans tout Lyon 3e."},
        {"faq_q_0": "Livrez-vous ?", "faq_a_0": ""},
        "Donnez la réponse à la question « Livrez-vous ? ».",
    ),
    "conditions": (
        {"cancellation": "Prévenez-nous une heure avant."},
        {"payment": "x" * 501},
        "doit contenir au plus 500 caractère(s)",
    ),
    "ton": (
        {"register": "tutoiement", "style": "dynamique", "voice_gender": "masculine"},
        {"register": "vous", "style": "dynamique"},
        "Choisissez « Vouvoiement (« vous ») » ou « Tutoiement (« tu ») ».",
    ),
}


def _get(acc: Account, aid: str) -> dict[str, Any]:
    return dict(acc.client.get(f"/api/v1/assistants/{aid}", headers=acc.auth).json())


def _post(acc: Account, aid: str, group: str, data: dict[str, str]) -> Any:
    return acc.client.post(
        f"/assistants/{aid}/fiche/{group}",
        data={"csrf_token": acc.csrf, **data},
        follow_redirects=False,
    )


def test_every_group_saves_a_new_version_or_says_what_is_wrong(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    page = alice.client.get(f"/assistants/{aid}/fiche")
    assert page.status_code == 200
    assert 'value="Pizzeria Da Marco"' in page.text and 'value="06 12 34 56 78"' in page.text
    for title in ("Identité et adresse", "Horaires et fermetures", "Questions fréquentes"):
        assert title in page.text
    version = 1
    for group, (valid, invalid, message) in CASES.items():
        before = _get(alice, aid)
        r = _post(alice, aid, group, invalid)
        assert r.status_code == 422, group
        assert str(escape(message)) in r.text, group
        assert 'aria-invalid="true"' in r.text
        after = _get(alice, aid)
        assert after["version"] == before["version"] and after["profile"] == before["profile"]
        r = _post(alice, aid, group, valid)
        assert r.status_code == 303, (group, r.text[:500])
        version += 1
        assert _get(alice, aid)["version"] == version, group
        page = alice.client.get(r.headers["location"])
        assert f"(version {version})" in page.text and "Ce qui a changé" in page.text
    got = _get(alice, aid)
    profile = got["profile"]
    assert profile["address"]["street"] == "3 rue Neuve"
    assert [s["name"] for s in profile["services"]] == ["Margherita", "Calzone"]
    assert profile["services"][1]["price_eur"] == 12.5
    assert profile["faq"] == [{"question": "Livrez-vous ?", "answer": "Oui, dans tout Lyon 3e."}]
    assert profile["tone"] == {"register": "tutoiement", "style": "dynamique"}
    assert profile["transfer_number"] == "+33611223344"
    # the facts reach the assistant: the regenerated instructions name the new price
    prompt = got["config"]["model"]["messages"][0]["content"]
    assert "Calzone : douze euros cinquante" in prompt
    # nothing changed, nothing saved
    r = _post(alice, aid, "conditions", CASES["conditions"][0])
    assert r.status_code == 303 and _get(alice, aid)["version"] == version
    versions = alice.client.get(f"/api/v1/assistants/{aid}/versions", headers=alice.auth).json()
    assert [v["version"] for v in versions] == list(range(version, 0, -1))  # none lost


def test_a_price_edited_in_the_fiche_is_heard_in_the_next_test_chat(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    r = _post(alice, aid, "prestations", {"services": "Déplacement : 45 €\nMargherita : 9 €"})
    assert r.status_code == 303
    r = alice.client.post(
        f"/assistants/{aid}/test",
        data={"csrf_token": alice.csrf, "text": "Combien coûte le déplacement ?"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "Déplacement : quarante-cinq euros" in r.text


def test_the_rest_api_edits_the_same_facts_with_the_same_messages(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    base = f"/api/v1/assistants/{aid}/fiche"
    got = alice.client.get(base, headers=alice.auth).json()
    assert got["values"]["day_mardi"] == "11h30-14h et 18h30-22h30"
    assert [g["id"] for g in got["groups"]][:2] == ["identite", "horaires"]
    r = alice.client.put(
        f"{base}/transferts", json={"transfer_number": "06 11"}, headers=alice.auth
    )
    assert r.status_code == 422
    body = r.json()
    assert body["errors"] == [
        {"field": "transfer_number", "message": texts.ASK_TRANSFER_NUMBER_INVALID}
    ]
    assert _get(alice, aid)["version"] == 1
    r = alice.client.put(
        f"{base}/prestations", json={"services": "Calzone : 12 €"}, headers=alice.auth
    )
    assert r.status_code == 200, r.text
    saved = r.json()
    assert saved["assistant"]["version"] == 2
    assert {
        "label": "Prestation « Calzone »",
        "before": "(absente)",
        "after": "Calzone : 12 €",
    } in (saved["changes"])
    r = alice.client.put(f"{base}/inconnue", json={}, headers=alice.auth)
    assert r.status_code == 422 and "Rubrique inconnue" in r.json()["detail"]
    imported = alice.client.post(
        "/api/v1/assistants", json={"config": pizzeria["config"]}, headers=alice.auth
    ).json()
    r = alice.client.get(f"/api/v1/assistants/{imported['id']}/fiche", headers=alice.auth)
    assert r.status_code == 409 and "sans fiche" in r.json()["detail"]


def test_the_quality_card_links_each_missing_item_and_walks_through_them(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    page = alice.client.get(f"/assistants/{aid}").text
    issues = _get(alice, aid)["generation"]["quality"]["issues"]
    assert issues
    assert f'href="/assistants/{aid}/fiche?rubrique=faq#faq_q_0"' in page
    assert f'href="/assistants/{aid}/fiche?rubrique=identite#email"' in page
    assert "Compléter ma fiche" in page
    step = alice.client.get(f"/assistants/{aid}/fiche/completer")
    assert step.status_code == 200 and str(escape(issues[0]["message"])) in step.text
    first_group = re.search(r'action="[^"]*/fiche/(\w+)"', step.text)
    assert first_group is not None and step.text.count('<form method="post" action') == 2
    # skipping walks on to the next item
    step = alice.client.get(f"/assistants/{aid}/fiche/completer?passer={issues[0]['check']}")
    assert str(escape(issues[1]["message"])) in step.text
    # filling the FAQ from the walk goes on to the next missing item and raises the score
    score = _get(alice, aid)["generation"]["quality"]["score"]
    r = _post(
        alice,
        aid,
        "faq",
        {
            "faq_q_0": "Livrez-vous ?",
            "faq_a_0": "Oui.",
            "faq_q_1": "Avez-vous des pizzas sans gluten ?",
            "faq_a_1": "Oui, sur demande.",
            "next": "completer",
            "passer": "",
        },
    )
    assert r.status_code == 303 and "/fiche/completer" in r.headers["location"]
    assert _get(alice, aid)["generation"]["quality"]["score"] > score
    everything = ",".join(i["check"] for i in issues)
    r = alice.client.get(
        f"/assistants/{aid}/fiche/completer?passer={everything}", follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == f"/assistants/{aid}"


ADDED = "Tarifs : déplacement 45 €"


def _add_instruction(acc: Account, aid: str) -> None:
    detail = _get(acc, aid)
    prompt = detail["config"]["model"]["messages"][0]["content"]
    r = acc.client.post(
        f"/assistants/{aid}/edit",
        data={"csrf_token": acc.csrf, "mode": "simple", "system_prompt": f"{prompt}\n{ADDED}"},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_owner_additions_survive_fiche_edits_and_are_shown(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    _add_instruction(alice, aid)
    assert _get(alice, aid)["config"]["metadata"]["allokoliOwner"]["prompt_addition"] == ADDED
    assert (
        _post(alice, aid, "ton", {"register": "tutoiement", "style": "chaleureux"}).status_code
        == 303
    )
    got = _get(alice, aid)
    assert got["profile"]["tone"]["register"] == "tutoiement"
    assert got["config"]["model"]["messages"][0]["content"].endswith(ADDED)
    page = alice.client.get(f"/assistants/{aid}").text
    assert "Vos consignes ajoutées" in page and str(escape(ADDED)) in page
    # the offline test cannot read them, and says so instead of « pas cette information »
    r = alice.client.post(
        f"/assistants/{aid}/test",
        data={"csrf_token": alice.csrf, "text": "Combien coûte le déplacement ?"},
        headers={"HX-Request": "true"},
    )
    assert "ajoutez ce tarif à vos prestations pour que je le connaisse" in r.text


def test_regenerating_a_live_assistant_shows_the_diff_and_asks_first(
    app: AlloKoliApp, alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    _add_instruction(alice, aid)
    alice.client.patch(
        f"/api/v1/assistants/{aid}",
        json={"first_message": "Allô, Da Marco, je suis l'assistante vocale automatique."},
        headers=alice.auth,
    )
    assert deploy(app, alice, aid)["status"] == "active"
    version = _get(alice, aid)["version"]
    # without the confirmation nothing happens: the owner is sent to the diff
    r = alice.client.post(
        f"/assistants/{aid}/regenerate", data={"csrf_token": alice.csrf}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == f"/assistants/{aid}/regenerate"
    assert _get(alice, aid)["version"] == version
    page = alice.client.get(f"/assistants/{aid}/regenerate")
    assert "Cet assistant est en service" in page.text and "elles sont conservées" in page.text
    kept = alice.client.get(
        f"/api/v1/assistants/{aid}/regenerate/preview", headers=alice.auth
    ).json()
    assert not any(line and line["kind"] == "del" and ADDED in str(line) for line in kept["prompt"])
    dropping = alice.client.get(f"/assistants/{aid}/regenerate?garder=non").text
    assert "Premier message" in dropping and "Vos consignes ajoutées" in dropping
    assert "Confirmer la régénération" in dropping
    preview = alice.client.get(
        f"/api/v1/assistants/{aid}/regenerate/preview?keep_owner_changes=false",
        headers=alice.auth,
    ).json()
    assert any(c["label"] == "Premier message" for c in preview["changes"])
    assert any(
        line and line["kind"] == "del" and ADDED in "".join(t for _, t in line["parts"])
        for line in preview["prompt"]
    )
    # confirmed, keeping: additions and the edited message stay
    r = alice.client.post(
        f"/assistants/{aid}/regenerate",
        data={"csrf_token": alice.csrf, "confirm": "oui", "garder": "oui"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    got = _get(alice, aid)
    assert got["config"]["firstMessage"].startswith("Allô, Da Marco")
    assert got["config"]["model"]["messages"][0]["content"].endswith(ADDED)
    app.services.dispatcher.run_due()
    version = got["version"]
    # confirmed, dropping: a new version without them, the earlier one kept
    r = alice.client.post(
        f"/assistants/{aid}/regenerate",
        data={"csrf_token": alice.csrf, "confirm": "oui", "garder": "non"},
        follow_redirects=False,
    )
    got = _get(alice, aid)
    assert got["version"] == version + 1 and ADDED not in str(got["config"])
    app.services.dispatcher.run_due()
    assert _get(alice, aid)["deployed_version"] == version + 1  # pushed live once confirmed
    old = alice.client.get(
        f"/api/v1/assistants/{aid}/versions/changes?from={version}&to={version + 1}",
        headers=alice.auth,
    ).json()
    assert any(c["label"] == "Vos consignes ajoutées" for c in old["changes"])


def test_the_api_regenerates_keeping_the_owners_changes_unless_told(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    first = "Allô, ici la pizzeria Da Marco, je suis l'assistante vocale automatique."
    alice.client.patch(
        f"/api/v1/assistants/{aid}", json={"first_message": first}, headers=alice.auth
    )
    r = alice.client.post(f"/api/v1/assistants/{aid}/regenerate", headers=alice.auth)
    assert r.status_code == 200 and r.json()["config"]["firstMessage"] == first
    r = alice.client.post(
        f"/api/v1/assistants/{aid}/regenerate",
        json={"keep_owner_changes": False},
        headers=alice.auth,
    )
    assert r.json()["config"]["firstMessage"] == pizzeria["config"]["firstMessage"]
    assert r.json()["version"] == 3


def test_history_reads_field_by_field_with_author_and_paris_time(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    _post(alice, aid, "prestations", {"services": "Margherita : 9 €"})
    _post(alice, aid, "prestations", {"services": "Margherita : 10 €"})
    _add_instruction(alice, aid)
    page = alice.client.get(f"/assistants/{aid}/versions")
    assert page.status_code == 200
    assert "alice@exemple.fr" in page.text and "user:" not in page.text
    assert re.search(r"\d{2}/\d{2}/\d{4} à \d{2}:\d{2}", page.text)
    assert "Date (heure de Paris)" in page.text and "Fiche : Prestations et tarifs" in page.text
    html = alice.client.get(f"/assistants/{aid}/versions?a=2&b=3").text
    assert "Prestation « Margherita »" in html
    assert "<del>Margherita : 9 €</del>" in html and "<ins>Margherita : 10 €</ins>" in html
    # in the instructions, only the changed word is marked (prices are written out in words)
    assert "<del>neuf</del>" in html and "<ins>dix</ins>" in html
    html = alice.client.get(f"/assistants/{aid}/versions?a=3&b=4").text
    assert "Ajouté : </span>+ <ins>" in html and "déplacement 45" in html
    api = alice.client.get(
        f"/api/v1/assistants/{aid}/versions/changes?from=2&to=3", headers=alice.auth
    ).json()
    assert {
        "label": "Prestation « Margherita »",
        "before": "Margherita : 9 €",
        "after": "Margherita : 10 €",
    } in api["changes"]
