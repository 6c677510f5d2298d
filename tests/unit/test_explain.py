"""The plain-words explanation never prints a missing figure as nan."""

from targets import messages


def test_a_missing_pace_read_back_as_nan_is_left_out():
    row = {"status": "done", "as_of": "2024-06-30", "actual": 1.0, "expected": None, "pace": float("nan"),
           "completion": 1.0, "required_monthly": None, "forecast_date": None, "period": None, "deadline": None,
           "unit": "个", "kind": "count", "share": 1.0, "rule": ""}
    text = messages.explain(row, "个", "count", 1.0)
    assert "nan" not in text and text.startswith(messages.STATUS_LABELS["done"])
