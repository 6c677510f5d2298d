"""Workbooks into and out of the store: check → preview → commit for progress and allocation sheets.

- validate: raw rows → readings and issues (sheet, row, column, code, value)
- preview: what an upload changes (new, changed, unchanged) and the warnings to confirm
- uploads: the whole check → commit flow the pages and the command line share
- allocations: the 任务分解表 (region shares) export, template and import
- exports: the pre-filled template per region and the full export workbook
"""
