"""The laggard order (targets.method.standing.order): most behind first, ties broken by code."""

import math

import pandas as pd
import pytest

from targets.method import standing

NAN = math.nan


def _table(rows):
    return pd.DataFrame(rows, columns=["region", "target", "status", "pace", "completion"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # severity first: overdue > off_track > behind > no_data > on_track > done
        ([("r1", "a", "done", 1.0, 1.0), ("r1", "b", "overdue", 0.9, 0.5), ("r1", "c", "no_data", NAN, NAN)],
         ["b", "c", "a"]),
        # among equals the lowest pace, a missing pace counting as 9 (last)
        ([("r1", "a", "behind", NAN, 0.1), ("r1", "b", "behind", 0.8, 0.3), ("r1", "c", "behind", 0.6, 0.4)],
         ["c", "b", "a"]),
        # then the lowest completion, a missing one counting as -1 (first)
        ([("r1", "a", "behind", 0.8, 0.5), ("r1", "b", "behind", 0.8, NAN), ("r1", "c", "behind", 0.8, 0.2)],
         ["b", "c", "a"]),
        # then region, then target
        ([("r2", "a", "behind", 0.8, 0.5), ("r1", "b", "behind", 0.8, 0.5), ("r1", "a", "behind", 0.8, 0.5)],
         ["a", "b", "a"]),
    ],
)
def test_most_behind_first(rows, expected):
    assert list(standing.ranked(_table(rows))["target"]) == expected


def test_ranked_keeps_the_rows_and_their_labels():
    table = _table([("r1", "a", "done", 1.0, 1.0), ("r1", "b", "overdue", 0.9, 0.5)])
    table.index = [10, 20]
    ranked = standing.ranked(table)
    assert list(ranked.index) == [20, 10] and ranked.loc[10].equals(table.loc[10])
    assert standing.ranked(table.iloc[:0]).empty
