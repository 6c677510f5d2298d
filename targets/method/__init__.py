"""The status method and what is computed from it: pure functions of plain data, never the store.

- status: expected progress, pace, completion and the status of one (target, region) at a date
- burndown: burn-down series and the forecast from the recent pace
- tracking: every (target, region) cell of the loaded plans and its status table
- aggregate: over regions: a target's total, and one status per region (the map's colouring)
- whatif: "if the recent pace continues" scenarios
"""
