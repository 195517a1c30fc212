"""Server-rendered SVG charts, accessible: `role="img"` named by a <title> and a <desc> that
states the figures; the page also gives each chart's data as a table (text alternative).
No JavaScript, no library: the owner's phone gets a few hundred bytes of markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from allokoli.calls.display import number_fr

BAR = "#0b5fb3"
AXIS = "#4a5566"
WIDTH = 640


@dataclass(frozen=True)
class Point:
    label: str
    """Short label under the bar or before it."""
    value: float
    long_label: str | None = None
    """Label in the description and the table (e.g. the full date)."""


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return float(step * 4)
    return float(value)


def _open(chart_id: str, title: str, desc: str, height: int) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def describe(points: Sequence[Point], unit: str) -> str:
    if not points or all(p.value == 0 for p in points):
        return f"Aucun {unit} sur la période."
    parts = [f"{p.long_label or p.label} : {number_fr(p.value)}" for p in points if p.value]
    total = sum(p.value for p in points)
    plural = unit if total <= 1 else f"{unit}s"
    return f"Total : {number_fr(total)} {plural}. " + " ; ".join(parts) + "."


def columns(chart_id: str, title: str, points: Sequence[Point], unit: str = "appel") -> Markup:
    """Vertical bars (one per day)."""
    height, top, bottom, left = 220, 16, 34, 40
    inner_h = height - top - bottom
    inner_w = WIDTH - left - 8
    peak = _nice_max(max((p.value for p in points), default=0))
    out = [_open(chart_id, title, describe(points, unit), height)]
    for frac in (0, 0.5, 1):
        y = top + inner_h * (1 - frac)
        out.append(
            f'<line x1="{left}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dae1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{AXIS}">{number_fr(peak * frac)}</text>'
        )
    n = max(len(points), 1)
    slot = inner_w / n
    every = max(1, round(n / 10))
    for i, p in enumerate(points):
        bar_h = inner_h * (p.value / peak) if peak else 0
        x = left + i * slot + slot * 0.15
        y = top + inner_h - bar_h
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_h:.1f}" '
            f'fill="{BAR}"><title>{escape(p.long_label or p.label)} : '
            f"{number_fr(p.value)}</title></rect>"
        )
        if i % every == 0 or i == n - 1:
            out.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{height - 14}" text-anchor="middle" '
                f'font-size="11" fill="{AXIS}">{escape(p.label)}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - every dynamic text above went through escape()


def bars(chart_id: str, title: str, points: Sequence[Point], unit: str = "appel") -> Markup:
    """Horizontal bars (one per assistant or per reason)."""
    row, label_w = 28, 210
    height = max(row * len(points) + 8, 36)
    peak = max((p.value for p in points), default=0) or 1
    inner_w = WIDTH - label_w - 60
    out = [_open(chart_id, title, describe(points, unit), height)]
    if not points:
        out.append(
            f'<text x="8" y="22" font-size="13" fill="{AXIS}">Aucun {escape(unit)} sur la '
            "période.</text>"
        )
    for i, p in enumerate(points):
        y = 4 + i * row
        width = inner_w * p.value / peak
        name = p.label if len(p.label) <= 30 else p.label[:29] + "…"
        out.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="12" '
            f'fill="#1c2430">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row - 10}" '
            f'fill="{BAR}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 18}" font-size="12" '
            f'fill="#1c2430">{number_fr(p.value)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - every dynamic text above went through escape()
