"""What the plans say to people (notes, readings, reasons) is plain Chinese: no field names of the file format."""

import re

import pytest

from targets.config import PLANS_DIR
from targets.plans.definitions import load_plans

FIELDS = re.compile(r"source_quote|source_file|per_region|target_max|best_reading|uncertain_reason|"
                    r"milestones|comparator|\btarget\b|\bmode\b|true|false")


def _texts():
    for plan in load_plans(PLANS_DIR):
        yield plan.id, "note", plan.note
        for t in plan.targets:
            yield t.id, "best_reading", t.best_reading
            yield t.id, "uncertain_reason", t.uncertain_reason


@pytest.mark.parametrize("where, field, text", [t for t in _texts() if t[2]])
def test_shown_text_names_no_field_of_the_file_format(where, field, text):
    assert not FIELDS.search(text), (where, field, text)
