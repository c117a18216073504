"""Shared chart helpers: title/subtitle/legend room (finish, fit), log-axis ticks and the
price format, checked on the layout values plotly receives."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import theme
from charts.axes import log_axis, log_ticks


def test_long_titles_wrap_and_make_room() -> None:
    title = "GPU-hour " * 25  # 225 characters: three lines at 90, never split at a hyphen
    fig = theme.finish(go.Figure(), title.strip(), "sub", 400)
    assert fig.layout.title.text.count("<br>") == 2
    assert fig.layout.title.text.replace("<br>", " ") == title.strip()
    assert fig.layout.margin.t == 130 + 48 and fig.layout.height == 400 + 48


def test_fit_sizes_the_top_margin_to_lines_and_legend_rows() -> None:
    fig = theme.fit(go.Figure(), "Short", plot_px=300)
    # 24 padding + one title line (24) + 12 padding; no subtitle, no legend
    assert fig.layout.margin.t == 60 and fig.layout.margin.b == theme.BOTTOM_PX
    assert fig.layout.height == 300 + 60 + theme.BOTTOM_PX
    assert fig.layout.showlegend is None  # legend=None: left to the figure
    entries = [f"Vendor {i:02d}" for i in range(12)]  # 12 x (40 + 6 x 9) px: 3 rows of 560
    wide = theme.fit(go.Figure(), "GPU-hour " * 20, "context", plot_px=300, legend=entries)
    assert wide.layout.title.text.count("<br>") == 1 and "GPU-<br>" not in wide.layout.title.text
    assert wide.layout.margin.t == 24 + 2 * 24 + 18 + 3 * 24 + 12
    assert wide.layout.showlegend is True and wide.layout.legend.yanchor == "bottom"


def test_a_legend_of_one_shows_only_when_forced() -> None:
    assert theme.fit(go.Figure(), "t", plot_px=1, legend=["A"]).layout.showlegend is False
    forced = theme.fit(go.Figure(), "t", plot_px=1, legend=["A"], force_legend=True)
    assert forced.layout.showlegend is True and forced.layout.margin.t == 60 + 24
    assert theme.legend_rows([]) == 0 and theme.legend_rows(["A", "B"]) == 1


def test_log_ticks_cover_the_range_in_1_2_5_steps() -> None:
    assert log_ticks(0.276, 6.87) == [0.2, 0.5, 1.0, 2.0, 5.0, 10.0]
    assert log_ticks(0, 5) == []


def test_log_ticks_in_1_3_steps_cover_the_range() -> None:  # the hardware timeline's ticks
    assert log_ticks(46.0, 2500.0, steps=(1, 3)) == [30, 100, 300, 1000, 3000]
    assert log_ticks(100.0, 1000.0, steps=(1, 3)) == [100, 300, 1000]


def test_log_axis_uses_the_positive_values_only() -> None:
    fig = go.Figure()
    log_axis(fig, pd.Series([0.0, 12.0, 480.0, None]), axis="y")
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.type is None
    assert list(fig.layout.yaxis.tickvals) == [10, 20, 50, 100, 200, 500]
    assert list(fig.layout.yaxis.ticktext) == ["10", "20", "50", "100", "200", "500"]
    log_axis(fig, pd.Series([0.0, -1.0]), axis="y", steps=(1, 3))
    assert list(fig.layout.yaxis.tickvals) == []  # nothing positive: no ticks of ours


def test_money_has_three_decimals_under_one_dollar() -> None:
    assert theme.money(0.4149) == "$0.415"
    assert theme.money(1234.5) == "$1,234.50"
