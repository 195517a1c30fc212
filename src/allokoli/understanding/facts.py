"""The small deterministic extractors, one module per fact, re-exported here.

- `contact`: e-mail, website;
- `address`: postal address, district, service area;
- `company_rules`: rule-based company-name candidates (scored in `names`);
- `owner`: the owner's own name;
- `tone`: voice gender, register, style;
- `tasks`: what the assistant must do;
- `transfer`: phone numbers by role, transfer number and moment, recording consent.

Every function takes the owner's raw text and never raises. Names are sliced from the
original text (case and accents kept); matching happens on a folded copy.
"""

from __future__ import annotations

from allokoli.understanding.address import (
    extract_address,
    extract_district,
    extract_service_area,
    postcode_from_arrondissement,
)
from allokoli.understanding.company_rules import rule_company_name
from allokoli.understanding.contact import extract_email, extract_website
from allokoli.understanding.owner import extract_owner_name
from allokoli.understanding.tasks import extract_tasks
from allokoli.understanding.tone import extract_register, extract_style, extract_voice_gender
from allokoli.understanding.transfer import (
    PhoneRole,
    RolePhone,
    classify_phones,
    extract_recording_consent,
    extract_transfer,
)

__all__ = [
    "PhoneRole",
    "RolePhone",
    "classify_phones",
    "extract_address",
    "extract_district",
    "extract_email",
    "extract_owner_name",
    "extract_recording_consent",
    "extract_register",
    "extract_service_area",
    "extract_style",
    "extract_tasks",
    "extract_transfer",
    "extract_voice_gender",
    "extract_website",
    "postcode_from_arrondissement",
    "rule_company_name",
]
