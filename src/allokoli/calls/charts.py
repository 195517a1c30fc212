"""Server-rendered SVG charts, accessible: `role="img"` named by a <title> and a <desc> that
states the figures; the page also gives each chart's data as a table (text alternative).
No JavaScript, no library: the owner's phone gets a few hundred bytes of markup.

The drawings have no viewBox: horizontal positions are percentages of the chart's width and
text sizes are CSS pixels, so labels stay 13 px tall whether the chart is 300 or 700 px wide
(a scaled viewBox shrank them to 5 px on a phone)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from allokoli.calls.display import number_fr

BAR = "#0b5fb3"
AXIS = "#4a5566"
INK = "#1c2430"
GRID = "#d5dae1"
FONT = 13
"""Every label's size in CSS pixels (at least 12 at every width)."""
HALO = 'stroke="#fff" stroke-width="3" paint-order="stroke"'
"""Labels drawn over bars stay readable."""


@dataclass(frozen=True)
class Point:
    label: str
    """Short label under the bar or above it."""
    value: float
    long_label: str | None = None
    """Label in the description and the table (e.g. the full date)."""


def _nice_max(value: float) -> float:
    if value <= 0:
        return 4.0  # an empty chart still reads 0, 2, 4: no two grid lines named "0"
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return float(step * 4)
    return float(value)


def _open(chart_id: str, title: str, desc: str, height: int) -> str:
    return (
        f'<svg class="chart" width="100%" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def _plural(unit: str, value: float) -> str:
    return unit if value <= 1 else f"{unit}s"


def describe(points: Sequence[Point], unit: str) -> str:
    if not points or all(p.value == 0 for p in points):
        return f"Aucun {unit} sur la période."
    parts = [f"{p.long_label or p.label} : {number_fr(p.value)}" for p in points if p.value]
    total = sum(p.value for p in points)
    return f"Total : {number_fr(total)} {_plural(unit, total)}. " + " ; ".join(parts) + "."


def labelled(n: int) -> set[int]:
    """Which of `n` columns carry a label: all up to a week, else about five, counted back
    from the most recent (the one an owner looks for)."""
    every = 1 if n <= 7 else -(-n // 5)
    return {i for i in range(n) if (n - 1 - i) % every == 0}


def columns(chart_id: str, title: str, points: Sequence[Point], unit: str = "appel") -> Markup:
    """Vertical bars (one per day), the scale written in French above its grid lines."""
    height, top, bottom = 230, 24, 28
    inner_h = height - top - bottom
    peak = _nice_max(max((p.value for p in points), default=0))
    out = [_open(chart_id, title, describe(points, unit), height)]
    n = max(len(points), 1)
    slot = 100 / n
    for i, p in enumerate(points):
        bar_h = inner_h * (p.value / peak) if peak else 0
        out.append(
            f'<rect x="{i * slot + slot * 0.15:.2f}%" y="{top + inner_h - bar_h:.1f}" '
            f'width="{slot * 0.7:.2f}%" height="{bar_h:.1f}" fill="{BAR}">'
            f"<title>{escape(p.long_label or p.label)} : {number_fr(p.value)}</title></rect>"
        )
    for frac in (0, 0.5, 1):
        y = top + inner_h * (1 - frac)
        value = peak * frac
        text = f"{number_fr(value)} {_plural(unit, value)}" if frac == 1 else number_fr(value)
        out.append(
            f'<line x1="0" x2="100%" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="2" y="{y - 5:.1f}" fill="{AXIS}" {HALO}>{escape(text)}</text>'
        )
    shown = labelled(len(points))
    for i, p in enumerate(points):
        if i not in shown:
            continue
        centre = (i + 0.5) * slot
        anchor, x = "middle", centre
        if centre < 7:
            anchor, x = "start", i * slot
        elif centre > 93:
            anchor, x = "end", (i + 1) * slot
        out.append(
            f'<text x="{x:.2f}%" y="{height - 8}" text-anchor="{anchor}" '
            f'fill="{AXIS}">{escape(p.label)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - every dynamic text above went through escape()


def bars(chart_id: str, title: str, points: Sequence[Point], unit: str = "appel") -> Markup:
    """Horizontal bars (one per assistant or per reason), each named on the line above it."""
    row = 44
    height = max(row * len(points) + 4, 36)
    peak = max((p.value for p in points), default=0) or 1
    out = [_open(chart_id, title, describe(points, unit), height)]
    if not points:
        out.append(f'<text x="0" y="22" fill="{AXIS}">Aucun {escape(unit)} sur la période.</text>')
    for i, p in enumerate(points):
        y = i * row
        width = 85 * p.value / peak
        name = p.label if len(p.label) <= 40 else p.label[:39] + "…"
        out.append(
            f'<text x="0" y="{y + 15}" fill="{INK}">{escape(name)}</text>'
            f'<rect x="0" y="{y + 21}" width="{width:.2f}%" height="16" fill="{BAR}"/>'
            f'<text x="{width:.2f}%" dx="6" y="{y + 34}" fill="{INK}">'
            f"{number_fr(p.value)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - every dynamic text above went through escape()
