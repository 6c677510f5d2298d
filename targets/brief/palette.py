"""Status colours of the printed brief: the dashboard's Okabe–Ito colours (ui.widgets.STATUS_COLORS,
checked equal by a test), with light tints for table cells so black text stays readable in print."""

from __future__ import annotations

STATUS_COLORS = {
    "done": "#009E73",
    "on_track": "#56B4E9",
    "behind": "#E69F00",
    "off_track": "#D55E00",
    "overdue": "#CC79A7",
    "no_data": "#BBBBBB",
}
RED = "#C00000"  # the masthead and the rule under it, as on a printed government brief


def tint(color: str, amount: float = 0.55) -> str:
    """`color` mixed with white (0: the colour, 1: white)."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)
# The map page's completion classes (ui.maps.BINS / BIN_COLORS, checked equal by a test): upper
# bounds of each class, the last class being 100% and more; ColorBrewer Blues.
BINS = (0.2, 0.4, 0.6, 0.8, 1.0)
BIN_COLORS = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
GREY = "#dddddd"


def completion_class(value: float | None) -> int | None:
    """Index of the completion class (0: < 20% … 5: ≥ 100%), None when unknown."""
    if value is None or value != value:
        return None
    return next((i for i, upper in enumerate(BINS) if value < upper), len(BINS))
