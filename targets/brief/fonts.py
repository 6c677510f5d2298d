"""Which Chinese fonts this machine has, for the PDF (Typst) and the chart images (vl-convert).

Nothing is downloaded: the fonts come from the system (fontconfig's directories, as Typst and
vl-convert search them). A Song-style serif reads like a printed brief; a Hei-style sans is used
for headings and charts. When no Chinese font is installed the brief is refused with a sentence
(it would print empty boxes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import typst

from targets.errors import TargetsError

SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "AR PL UMing CN", "FangSong")
SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "PingFang SC",
        "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback")


@dataclass(frozen=True)
class FontChoice:
    body: tuple[str, ...]  # families for running text, best first
    heading: tuple[str, ...]  # families for headings, tables and charts


@lru_cache(maxsize=1)
def _families() -> frozenset[str]:
    return frozenset(typst.Fonts(include_embedded_fonts=False).families())


def choose() -> FontChoice:
    """The installed Chinese families to use; TargetsError `brief_no_font` when there is none."""
    found = _families()
    sans = tuple(f for f in SANS if f in found)
    serif = tuple(f for f in SERIF if f in found)
    if not sans and not serif:
        raise TargetsError("brief_no_font")
    return FontChoice(body=serif + sans, heading=sans + serif)
