"""The dashboard pages' CSS: grid, badges, legends, headings, and the projector overrides that keep
every visible text at 20 px or more at 1280×720 (the frame sets the 22 px root font)."""

from __future__ import annotations

CSS = """
<style>
.dash-wrap { overflow-x: auto; }
.dash-expl { font-size: 1rem; margin: 0.3rem 0; line-height: 1.6; }
.dash-facts th { text-align: left; padding: 0.1rem 1rem 0.1rem 0; white-space: nowrap; color: #555;
  font-weight: 600; vertical-align: top; }
.dash-facts td { padding: 0.1rem 0; }
.dash-quote blockquote { border-left: 0.3rem solid #999; margin: 0.2rem 0; padding: 0.2rem 0.8rem;
  background: #f6f6f6; }
.dash-h { font-size: 1.15rem; font-weight: 700; margin: 0.4rem 0 0 0; line-height: 1.4; }
.dash-grid { border-collapse: collapse; width: 100%; font-size: 0.8rem; line-height: 1.25; }
.dash-grid th, .dash-grid td { border: 2px solid #fff; padding: 0.1rem 0.3rem; text-align: center; }
.dash-grid thead th { background: #eee; font-weight: 600; vertical-align: bottom; font-size: 0.7rem; }
.dash-grid thead th div { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical;
  overflow: hidden; min-width: 3.5em; }
.dash-grid tbody th { background: #eee; text-align: left; white-space: nowrap; }
.dash-grid td { white-space: nowrap; }
.dash-badge { padding: 0.05rem 0.4rem; border-radius: 0.3rem; white-space: nowrap; color: #000; }
.dash-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 0.9rem; font-size: 0.8rem; margin: 0.2rem 0; }
.dash-legend span.sw { display: inline-block; width: 1.1em; height: 1.1em; margin-right: 0.3em;
  vertical-align: -0.15em; border: 1px solid #666; }
[data-testid="stMetric"] { padding: 0.1rem 0.4rem; }
[data-testid="stMetricLabel"] *, [data-testid="stMetricValue"] * {
  overflow: visible !important; text-overflow: clip !important; white-space: normal !important; }
[data-testid="stMetricValue"] * { white-space: nowrap !important; }  /* a date on one line (widgets.metrics) */
{kpi}
</style>
"""
PROJECTOR_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-left: 1rem !important; padding-right: 1rem !important; }
[data-testid="stMetricValue"] { font-size: 1.65rem !important; line-height: 1.2; }
[data-testid="stMetric"] { padding-top: 0; padding-bottom: 0; }
.dash-grid thead th div { -webkit-line-clamp: unset; display: block; }
.dash-line { font-size: 0.92rem; margin: 0; line-height: 1.5; }
.dash-h { margin: 0; }
.st-key-whatif_reset button { min-height: 0; padding-top: 0; padding-bottom: 0; }
.dash-line { display: flex; flex-wrap: wrap; gap: 0 1.2rem; }
.dash-line b { font-size: 1.1rem; }
.st-key-overview_laggards :is(th, td) *, .st-key-whatif_targets :is(th, td) *,
.st-key-map_region_detail :is(th, td) * { white-space: nowrap !important; }
.st-key-overview_laggards td:nth-child(2) *, .st-key-whatif_targets td:first-child *,
.st-key-map_region_detail td:first-child * { white-space: normal !important; }
.st-key-page_date [data-testid="stCaptionContainer"] { text-align: right; }
[data-testid="stMetricLabel"] p { font-size: 0.92rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p, [data-testid="stSliderThumbValue"], [data-testid="stSliderTickBar"] *,
[data-testid="stButtonGroup"] p, [data-testid="stBaseButton-tertiary"] p { font-size: 0.92rem !important; }
[data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 0.92rem !important; padding: 0.15rem 0.4rem; }
.dash-grid, .dash-grid thead th { font-size: 0.92rem; }
.dash-grid th, .dash-grid td { padding: 0.15rem 0.2rem; }
.dash-facts, .dash-expl, .dash-legend { font-size: 0.92rem; }
[data-testid="stVerticalBlock"] { gap: 0.5rem; }
</style>
"""
