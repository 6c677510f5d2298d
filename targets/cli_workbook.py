"""Command line: workbook commands (`template`, `validate`, `import`, `export`)."""
