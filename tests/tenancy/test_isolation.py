from __future__ import annotations

import pytest

from tests.conftest import Account
from tests.tenancy.resources import RESOURCES, Resource

ids = [r.name for r in RESOURCES]


def _ids(body: object) -> set[str]:
    items = body["items"] if isinstance(body, dict) else body
    assert isinstance(items, list)
    return {str(x["id"]) for x in items}


@pytest.mark.parametrize("res", RESOURCES, ids=ids)
def test_b_cannot_list_a(res: Resource, alice: Account, bob: Account) -> None:
    a_id = res.create(alice)
    assert a_id in _ids(alice.client.get(res.list_path, headers=alice.auth).json())
    assert a_id not in _ids(bob.client.get(res.list_path, headers=bob.auth).json())


@pytest.mark.parametrize("res", [r for r in RESOURCES if r.get_path], ids=lambda r: r.name)
def test_b_cannot_read_a(res: Resource, alice: Account, bob: Account) -> None:
    a_id = res.create(alice)
    assert res.get_path
    path = res.get_path.format(id=a_id)
    assert alice.client.get(path, headers=alice.auth).status_code == 200
    r = bob.client.get(path, headers=bob.auth)
    assert r.status_code == 404
    assert r.json()["error"].endswith("NotFound")


@pytest.mark.parametrize("res", [r for r in RESOURCES if r.update], ids=lambda r: r.name)
def test_b_cannot_update_a(res: Resource, alice: Account, bob: Account) -> None:
    a_id = res.create(alice)
    assert res.update
    method, template, body = res.update
    r = bob.client.request(method, template.format(id=a_id), json=body, headers=bob.auth)
    assert r.status_code == 404


@pytest.mark.parametrize("res", [r for r in RESOURCES if r.delete], ids=lambda r: r.name)
def test_b_cannot_delete_a(res: Resource, alice: Account, bob: Account) -> None:
    a_id = res.create(alice)
    assert res.delete
    method, template = res.delete
    r = bob.client.request(method, template.format(id=a_id), headers=bob.auth)
    assert r.status_code == 404
    if res.get_path:
        after = alice.client.get(res.get_path.format(id=a_id), headers=alice.auth)
        assert after.status_code == 200
        assert not after.json().get("revoked_at")


@pytest.mark.parametrize("res", [r for r in RESOURCES if r.extra_denied], ids=lambda r: r.name)
def test_b_gets_404_on_every_action_on_a(res: Resource, alice: Account, bob: Account) -> None:
    a_id = res.create(alice)
    for method, template in res.extra_denied:
        r = bob.client.request(method, template.format(id=a_id), headers=bob.auth)
        assert r.status_code == 404, (method, template, r.status_code)


@pytest.mark.parametrize(
    "res", [r for r in RESOURCES if r.html_get or r.html_post], ids=lambda r: r.name
)
def test_b_cannot_see_or_change_a_through_html(res: Resource, alice: Account, bob: Account) -> None:
    a_id = res.create(alice)
    for path in res.html_get:
        page = bob.client.get(path.format(id=a_id))
        assert page.status_code == 200
        assert a_id not in page.text
    for path in res.html_detail:
        assert bob.client.get(path.format(id=a_id)).status_code == 404, path
    for action in res.html_post:
        r = bob.client.post(action.format(id=a_id), data={"csrf_token": bob.csrf})
        assert r.status_code == 404
        assert "Page introuvable" in r.text or "introuvable" in r.text
