from __future__ import annotations

from typing import Any

from tests.conftest import Account

RICH_PROFILE: dict[str, Any] = {
    "company_name": "Salon Léa",
    "sector": {"family": "beaute", "subtype": "coiffeur"},
    "address": {"street": "12 rue de la République", "postal_code": "69002", "city": "Lyon"},
    "business_phone": "04 78 12 34 56",
    "opening_hours": {
        "days": [
            {
                "day": d,
                "ranges": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "19:00"}],
            }
            for d in ("mardi", "mercredi", "jeudi", "vendredi", "samedi")
        ]
        + [{"day": "lundi", "ranges": []}, {"day": "dimanche", "ranges": []}],
        "closures": [{"start": "2027-02-15", "end": "2027-02-20", "reason": "congés d'hiver"}],
    },
    "services": [
        {"name": "Coupe femme", "price_eur": 38.5, "duration_minutes": 45},
        {"name": "Brushing", "price_eur": 25},
    ],
    "tasks": ["answer_faq", "take_message", "book_appointment", "transfer_urgent"],
    "transfer_number": "06 98 76 54 32",
    "owner_name": "Léa",
}


def create_from_profile(acc: Account, profile: dict[str, Any] | None = None) -> dict[str, Any]:
    r = acc.client.post(
        "/api/v1/assistants", json={"profile": profile or RICH_PROFILE}, headers=acc.auth
    )
    assert r.status_code == 201, r.text
    return dict(r.json())
