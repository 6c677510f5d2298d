"""The plain-words explanation: no nan, one word per ratio, whole counts of people and households."""

from targets import messages


def test_a_missing_pace_read_back_as_nan_is_left_out():
    row = {"status": "done", "as_of": "2024-06-30", "actual": 1.0, "expected": None, "pace": float("nan"),
           "completion": 1.0, "required_monthly": None, "forecast_date": None, "period": None, "deadline": None,
           "unit": "个", "kind": "count", "share": 1.0, "rule": ""}
    text = messages.explain(row, "个", "count", 1.0)
    assert "nan" not in text


def _behind_row() -> dict:
    return {"status": "behind", "as_of": "2023-06-30", "actual": 275.0, "expected": 26.5 * 10 + 0.0, "pace": 0.94,
            "completion": 0.55, "required_monthly": 0.1, "forecast_date": None, "period": None, "deadline": None,
            "unit": "名", "kind": "cumulative", "share": 500.0, "rule": ""}


def test_pace_and_completion_have_one_word_each_and_the_status_is_not_repeated():
    text = messages.explain(_behind_row(), "名", "cumulative", 500.0)
    assert "进度比94%" in text and "完成度55%" in text
    assert "完成率" not in text and "占目标" not in text
    assert not text.startswith(messages.STATUS_LABELS["behind"])  # the badge beside it says it


def test_counts_of_people_are_whole_required_rounds_up_and_a_pace_below_one_says_so():
    row = _behind_row() | {"expected": 26.5, "required_monthly": 0.1}
    text = messages.explain(row, "名", "cumulative", 500.0)
    assert "应完成27名" in text and "26.5" not in text
    assert "此后需每月不足1名" in text and "0.1" not in text


def test_rounding_rules():
    assert messages.amount(26.5, "名", up=True) == "27名"
    assert messages.amount(26.0, "名", up=True) == "26名"
    assert messages.amount(26.4, "户") == "26户" and messages.amount(26.5, "户") == "27户"
    assert messages.per_month(0.1, "个", up=True) == "不足1个"
    assert messages.per_month(1.2, "个", up=True) == "2个" and messages.per_month(1.2, "个") == "1个"
    assert messages.per_month(0.0, "个") == "0个"
    assert messages.amount(26.5, "%") == "26.5%"  # not a count: one decimal as before
    assert messages.amount(None, "名") == "—"
