"""aggregate.group_firsts (each region's weakest row, without sorting) against a stable lexicographic sort."""

from __future__ import annotations

import numpy as np
import pytest

from targets.method.aggregate import group_firsts


def _by_sort(groups, n, rows, keys):
    order = rows[np.lexsort(tuple(k[rows] for k in reversed(keys)) + (groups[rows],))]
    first = np.full(n, -1)
    starts = order[np.r_[True, groups[order][1:] != groups[order][:-1]]] if len(order) else order
    first[groups[starts]] = starts
    return first


@pytest.mark.parametrize("seed", range(40))
def test_each_groups_first_row_is_the_one_a_stable_sort_puts_first(seed):
    rng = np.random.default_rng(seed)
    size, n = int(rng.integers(0, 400)), int(rng.integers(1, 60))
    groups = rng.integers(0, n, size)
    keys = [rng.integers(0, 3, size), np.round(rng.random(size), 1), rng.choice([-1.0, 0.0, 0.5, 9.0], size),
            rng.integers(0, 4, size)]  # few distinct values: ties on every key, down to whole rows
    rows = np.flatnonzero(rng.random(size) < 0.8)
    assert group_firsts(groups, n, rows, keys).tolist() == _by_sort(groups, n, rows, keys).tolist()
