"""The colours of a status and of a completion class, for the dashboard, its map and the printed brief
alike (Okabe–Ito status colours; ColorBrewer Blues completion classes), and the brief's print tints."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

STATUS_COLORS = {
    "done": "#009E73",  # bluish green
    "on_track": "#56B4E9",  # sky blue
    "behind": "#E69F00",  # orange
    "off_track": "#D55E00",  # vermillion
    "overdue": "#CC79A7",  # reddish purple
    "no_data": "#BBBBBB",  # grey
}
RED = "#C00000"  # the brief's masthead and the rule under it, as on a printed government brief

# Completion classes: upper bounds of each class, the last class being 100% and more.
BINS = (0.2, 0.4, 0.6, 0.8, 1.0)
BIN_COLORS = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
GREY = "#dddddd"  # a region without a value


def tint(color: str, amount: float = 0.55) -> str:
    """`color` mixed with white (0: the colour, 1: white), for table cells in print."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def completion_classes(values: Sequence[float | None] | np.ndarray) -> np.ndarray:
    """Index of each value's completion class (0: < 20% … 5: ≥ 100%), -1 when unknown (None, NaN, NA)."""
    numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    classes = np.searchsorted(np.asarray(BINS), numbers, side="right")
    return np.where(np.isnan(numbers), -1, classes)


def completion_class(value: float | None) -> int | None:
    """Index of one value's completion class, None when unknown."""
    index = int(completion_classes([value])[0])
    return None if index < 0 else index
