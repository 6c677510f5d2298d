"""Excel workbooks as bytes: container checks, reading cells, parsing values, writing. Never the store.

- container: the .xlsx zip checked before any parser sees it (size, zip bombs, encryption, DTDs,
  the sheets found through the workbook rels)
- sheet_scan: each sheet's real extent, parsed (defusedxml) the way a reader places cells
- sandbox, sandbox_child: python-calamine run in a child process bounded in memory and time
- excel: sheets and header rows read tolerantly, the workbook contract's headers (HEADERS)
- values: numbers, dates, percentages and milestone words as officers write them
- writer: templates and tables written safely (no executable cells)
- marking: an upload handed back with its problem cells marked, made in a bounded child
"""
