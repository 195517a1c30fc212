"""The dashboard's charts keep readable French labels at any width."""

from __future__ import annotations

import re

from allokoli.calls import charts

DAYS = [charts.Point(f"{d:02d}/12", d % 4, f"lun. {d:02d}/12") for d in range(1, 31)]


def _font_sizes(svg: str) -> list[int]:
    return [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]


def test_charts_are_not_scaled_so_their_text_keeps_its_size() -> None:
    for svg in (
        charts.columns("c", "Appels par jour", DAYS),
        charts.bars("b", "Appels par assistant", [charts.Point("Pizzeria Da Marco", 3)]),
    ):
        assert "viewBox" not in svg  # a scaled viewBox shrank 11 px labels to 5 px on a phone
        assert 'width="100%"' in svg
        assert _font_sizes(svg) and min(_font_sizes(svg)) >= 12


def test_columns_scale_is_written_in_french() -> None:
    svg = charts.columns("c", "Appels par jour", DAYS)
    assert ">4 appels</text>" in svg and ">0</text>" in svg
    assert '<desc id="c-desc">Total : ' in svg and "lun. 02/12 : 2" in svg


def test_at_most_a_handful_of_day_labels_and_always_the_last_day() -> None:
    assert charts.labelled(7) == set(range(7))
    month = charts.labelled(30)
    assert 29 in month and len(month) <= 6
    svg = charts.columns("c", "Appels par jour", DAYS)
    assert ">30/12</text>" in svg and 'text-anchor="end"' in svg  # the last day stays inside


def test_bars_name_each_row_and_say_when_there_is_nothing() -> None:
    svg = charts.bars("b", "Fins d'appel", [charts.Point("Raccroché par le client", 12)])
    assert ">Raccroché par le client</text>" in svg and ">12</text>" in svg
    assert "Aucun appel sur la période." in charts.bars("e", "Vide", [])
