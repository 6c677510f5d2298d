"""The dashboard, its map and the printed brief take their colours from one palette (targets.method.palette)."""

from __future__ import annotations

from targets.brief import figures, pdf, word
from targets.method import palette
from ui import maps, widgets


def test_every_status_and_class_colour_is_the_palettes_own_object():
    assert widgets.STATUS_COLORS is palette.STATUS_COLORS
    assert pdf.STATUS_COLORS is palette.STATUS_COLORS and word.STATUS_COLORS is palette.STATUS_COLORS
    assert maps.BIN_COLORS is palette.BIN_COLORS and figures.BIN_COLORS is palette.BIN_COLORS
    assert maps.BINS is palette.BINS and figures.BINS is palette.BINS and maps.GREY == figures.GREY == palette.GREY


def test_the_completion_classes_bound_each_value_below_its_upper_limit():
    values = [None, float("nan"), -0.5, 0.0, 0.1999, 0.2, 0.5, 0.8, 0.9999, 1.0, 3.0]
    assert [palette.completion_class(v) for v in values] == [None, None, 0, 0, 0, 1, 2, 4, 4, 5, 5]
    assert palette.completion_classes(values).tolist() == [-1, -1, 0, 0, 0, 1, 2, 4, 4, 5, 5]
