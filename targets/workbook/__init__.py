"""Excel workbooks as bytes: container checks, reading cells, parsing values, writing. Never the store.

- container: the .xlsx zip checked before any parser sees it (size, zip bombs, far cells, encryption)
- excel: sheets and header rows read tolerantly, the workbook contract's headers (HEADERS)
- values: numbers, dates, percentages and milestone words as officers write them
- writer: templates and tables written safely (no executable cells)
"""
