"""The quality score of a profile (0–100): how well the assistant will be able to answer.

The checks, their weights (per family when it matters) and their French messages are data
(`quality` in `data/recommendations.yaml`); this module only says, for each check id, whether
the fact is there ("ok"), partly there ("weak", half credit by default) or missing. A check that
does not apply to the family is left out of the total, so every family can reach 100.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from allokoli.domain.profile import WEEKDAYS, BusinessProfile
from allokoli.generation.recommendations import QualityCheck, load_recommendations
from allokoli.generation.schemas import QualityIssue, QualityReport, SectorInfo

__all__ = ["LOW_SECTOR_CONFIDENCE", "assess_quality"]

Status = Literal["ok", "weak", "missing"]
Verdict = tuple[Status, str]
"""The status, and a detail inserted in the "weak" message."""

LOW_SECTOR_CONFIDENCE = 0.6


def _list(items: list[str], limit: int = 3) -> str:
    shown = items[:limit]
    text = ", ".join(shown[:-1]) + (" et " if len(shown) > 1 else "") + shown[-1]
    return text + ("…" if len(items) > limit else "")


def _opening_hours(profile: BusinessProfile, sector: SectorInfo) -> Verdict:
    hours = profile.opening_hours
    if hours is None or hours.is_empty:
        return "missing", ""
    if not hours.days:  # "sur rendez-vous" only
        return "ok", ""
    known = {d.day.value for d in hours.days}
    unknown = [day for day in WEEKDAYS if day not in known]
    if unknown:
        return "weak", f"aucune information pour {_list([f'le {d}' for d in unknown], 7)}"
    return "ok", ""


def _transfer_number(profile: BusinessProfile, sector: SectorInfo) -> Verdict:
    if profile.transfer_number is None:
        return "missing", ""
    return ("ok", "") if profile.transfer_when else ("weak", "")


def _services(profile: BusinessProfile, sector: SectorInfo) -> Verdict:
    if not profile.services:
        return "missing", ""
    unpriced = [
        f"« {s.name} »" for s in profile.services if s.price_eur is None and not s.price_note
    ]
    if unpriced:
        return "weak", f"aucun prix pour {_list(unpriced)}"
    return "ok", ""


def _address(profile: BusinessProfile, sector: SectorInfo) -> Verdict:
    address = profile.address
    if address is None or not (address.street or address.city):
        return "missing", ""
    lacking = [
        label
        for label, value in (
            ("la rue", address.street),
            ("le code postal", address.postal_code),
            ("la ville", address.city),
        )
        if not value
    ]
    return ("weak", f"il manque {_list(lacking)}") if lacking else ("ok", "")


def _present(value: object) -> Verdict:
    return ("ok", "") if value else ("missing", "")


def _faq(profile: BusinessProfile, sector: SectorInfo) -> Verdict:
    count = len(profile.faq)
    return "missing" if count == 0 else "weak" if count == 1 else "ok", ""


def _sector(profile: BusinessProfile, sector: SectorInfo) -> Verdict:
    if sector.source == "default":
        return "missing", ""
    if sector.source == "detection" and sector.confidence < LOW_SECTOR_CONFIDENCE:
        return "weak", f"« {sector.subtype_label} », {round(sector.confidence * 100)} %"
    return "ok", ""


_CHECKS: dict[str, Callable[[BusinessProfile, SectorInfo], Verdict]] = {
    "opening_hours": _opening_hours,
    "transfer_number": _transfer_number,
    "services": _services,
    "address": _address,
    "service_area": lambda p, s: _present(p.service_area),
    "faq": _faq,
    "business_phone": lambda p, s: _present(p.business_phone),
    "contact": lambda p, s: _present(p.email or p.website),
    "owner_name": lambda p, s: _present(p.owner_name),
    "tasks": lambda p, s: _present(p.tasks),
    "sector": _sector,
    "policies": lambda p, s: _present(
        p.policies.cancellation or p.policies.payment or p.policies.delivery
    ),
}


def _applies(check: QualityCheck, family: str) -> bool:
    return check.families is None or family in check.families


def assess_quality(profile: BusinessProfile, sector: SectorInfo) -> QualityReport:
    """Score the profile for its family and list what is missing, most costly first."""
    config = load_recommendations().quality
    checks = [c for c in config.checks if _applies(c, sector.family)]
    weights = {c.id: c.family_weights.get(sector.family, c.weight) for c in checks}
    total = sum(weights.values()) or 1.0
    earned = 0.0
    issues: list[QualityIssue] = []
    strengths: list[str] = []
    for check in checks:
        status, detail = _CHECKS[check.id](profile, sector)
        if status == "weak" and check.weak is None:
            status = "ok"
        credit = {"ok": 1.0, "weak": config.weak_credit, "missing": 0.0}[status]
        earned += weights[check.id] * credit
        if status == "ok":
            strengths.append(check.ok)
            continue
        message = check.missing if status == "missing" else str(check.weak).format(detail=detail)
        issues.append(
            QualityIssue(
                check=check.id,
                status=status,
                message=message,
                points_lost=round(weights[check.id] * (1 - credit) * 100 / total, 1),
            )
        )
    score = round(100 * earned / total)
    level = next(
        (lv.label for lv in sorted(config.levels, key=lambda lv: -lv.min) if score >= lv.min),
        config.levels[-1].label,
    )
    issues.sort(key=lambda issue: -issue.points_lost)
    return QualityReport(score=score, level=level, issues=issues, strengths=strengths)


def known_checks() -> frozenset[str]:
    """The check ids this module can evaluate (the data must not name others)."""
    return frozenset(_CHECKS)
