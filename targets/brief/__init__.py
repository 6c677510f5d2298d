"""The meeting brief (会议简报): what it says, drawn from the status board, laid out as PDF and Word.

- facts: the figures of one plan at one date (counts, categories, ranking, laggards, duties, changes)
- document: those figures as a government brief (headings, sentences, tables, figures, notes)
- figures: the burn-down charts and the map as PNG images (Altair → vl-convert, offline)
- pdf: the document typeset by Typst with a Chinese font embedded
- word: the same document as .docx (python-docx)
- fonts: which Chinese fonts this machine has
"""



__all__ = ["export", "facts", "figures", "fonts"]
