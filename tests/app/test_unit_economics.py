"""The Unit economics page through Streamlit's AppTest, against the offline warehouse:
defaults, URL parameters, widget changes and invalid inputs (clear messages, no traceback).

The inputs table is an ``st.data_editor``; AppTest has no setter for it, so edits are put
in its session state the way the browser sends them (``edited_rows``)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from charts.pages import unit_economics as chart_set
from market import accelerators as acc
from tests.app.conftest import chart_titles, metrics, open_page
from warehouse.connection import Warehouse

PAGE = "unit_economics"
ROW = {a.key: i for i, a in enumerate(acc.ACCELERATORS)}  # editor row per accelerator


def _edit(at: AppTest, edits: dict[str, dict], model: str = "70b", size: float = 70) -> AppTest:
    """Edit cells of the inputs table: {accelerator key: {column: value}}."""
    key = chart_set.editor_key(model, acc.OFFLINE, size)
    rows = {ROW[k]: cells for k, cells in edits.items()}
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def _errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


def test_default_page_shows_inputs_costs_fit_margins_and_sensitivity(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception and not at.error
    assert at.title[0].value == "Unit economics"
    assert [s.value for s in at.subheader] == [
        "Inputs per accelerator",
        "Cost per 1M tokens",
        "Memory fit: GPUs per model replica",
        "Providers' list prices beside the cost band",
        "Sensitivity: utilization × GPU-hour price",
    ]
    assert "not like-for-like" in at.warning[0].value
    titles = chart_titles(at)
    assert len(titles) == 3
    assert titles[0].startswith("Lowest cost per 1M output tokens: MI300X owned")
    assert "at 60% utilization" in titles[0]
    assert titles[1].startswith("Median 70B-class list price")
    assert titles[2].startswith("H200 at 4,371 tokens/s")
    shown = metrics(at)
    assert shown["Accelerators with a rented cost"] == "7 of 8"
    assert shown["Median 70B-class output list price"].startswith("$0.")
    captions = " ".join(c.value for c in at.caption)
    assert captions.count("Source: ") == 3 and "as of 2026-" in captions
    assert acc.MLPERF_RULE in captions  # the default rule is stated on the page
    assert "PROPOSAL in ECONOMICS.md" in at.expander[0].label
    inputs, costs, memory = (at.dataframe[i].value for i in range(3))
    assert [LABEL_KEYS[a] for a in inputs["accelerator"]] == [a.key for a in acc.ACCELERATORS]
    fit = memory.set_index("accelerator")["gpus_per_replica"]
    assert fit["H100 SXM"] == 2 and fit["MI300X"] == 1  # 70B fp16 + KV vs 80 / 192 GB


SEVEN = ("H100_SXM", "H200", "B200", "GB200", "MI300X", "MI325X", "MI355X")
# label on the page -> key (MI355X's only ~70B result is in MLPerf's open division)
LABEL_KEYS = {a.label: a.key for a in acc.ACCELERATORS} | {
    "MI355X (MLPerf open division)": "MI355X"
}


def test_default_workload_costs_the_seven_accelerators(app_env: Warehouse) -> None:
    """Each of the seven gets an MLPerf throughput (round, result id, link), a rental price
    with its source and a rented cost per 1M tokens; MI325X's price is one cited quote
    (curated_gpu_prices), and the page says which prices rest on one provider."""
    at = open_page(PAGE)
    assert not at.exception and not at.error
    inputs = at.dataframe[0].value.set_index("accelerator").rename(index=LABEL_KEYS)
    costs = at.dataframe[1].value.set_index("accelerator").rename(index=LABEL_KEYS)
    for key in SEVEN:
        row = inputs.loc[key]
        assert row["tokens_per_s"] > 0 and row["mlperf_result"].startswith("v5.1 5.1-"), key
        assert "tokens/s ÷" in row["throughput_source"] and "(derived)" in row["throughput_source"]
        assert row["mlperf_url"].startswith("https://github.com/mlcommons/inference_results_v5.1")
    seven = list(SEVEN)
    assert (costs.loc[seven, "rented_usd_per_mtok"] > 0).all()
    assert (costs.loc[seven, "usd_per_gpu_hour"] > 0).all()
    several = [k for k in SEVEN if k not in ("MI325X", "MI355X")]
    assert costs.loc[several, "price_source"].str.startswith("median of ").all()
    mi325x = costs.loc["MI325X"]
    assert mi325x["usd_per_gpu_hour"] == pytest.approx(1.95)
    assert mi325x["price_source"].startswith("one provider's newest on-demand price")
    assert "GPU rental prices quoted by cited pages" in mi325x["price_source"]
    assert "2026-05-18" in mi325x["price_source"]
    assert not [i for i in at.info if "No rental price" in i.value]
    captions = " ".join(c.value for c in at.caption)
    assert "no second source to check it against: MI325X" in captions
    # rented cost = $/GPU-hour / (tokens/s x 3600 x 60%) x 1e6, H200 and MI325X
    for key in ("H200", "MI325X"):
        row = costs.loc[key]
        expected = row["usd_per_gpu_hour"] / (row["tokens_per_s"] * 3600 * 0.6) * 1e6
        assert row["rented_usd_per_mtok"] == pytest.approx(expected)


def test_round_and_submitter_choices_change_the_source_row(app_env: Warehouse) -> None:
    at = open_page(PAGE, ue_round="v4.1")
    assert not at.exception
    inputs = at.dataframe[0].value.set_index("accelerator")
    assert inputs.loc["H100 SXM", "mlperf_result"].startswith("v4.1 v4.1-")
    assert inputs.loc["MI325X", "mlperf_result"] == ""  # no MI325X result in v4.1
    at.selectbox(key="ue_sub").set_value("AMD").run()
    inputs = at.dataframe[0].value.set_index("accelerator")
    assert "by AMD " in inputs.loc["MI300X", "throughput_source"]
    assert at.query_params["ue_sub"] == "AMD"


def test_url_parameters_set_the_filters(app_env: Warehouse) -> None:
    at = open_page(PAGE, ue_model="8b", ue_util="30", ue_prec="fp8")
    assert not at.exception and not at.error
    assert at.selectbox(key="ue_model").value == "8b"
    assert at.slider(key="ue_util").value == 30
    title = chart_titles(at)[0]
    assert "at 30% utilization" in title and "5 of 8 accelerators" in title
    assert at.dataframe[2].value["weights_gb"].iloc[0] == 8  # 8B at 1 byte per parameter


def test_changing_utilization_changes_the_costs(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    before = at.dataframe[1].value.set_index("accelerator")["rented_usd_per_mtok"]
    at.slider(key="ue_util").set_value(30).run()
    assert not at.exception
    after = at.dataframe[1].value.set_index("accelerator")["rented_usd_per_mtok"]
    assert after["H200"] == before["H200"] * 2  # half the utilization, twice the cost
    assert "at 30% utilization" in chart_titles(at)[0]
    assert at.query_params["ue_util"] == "30"  # the link follows the widget


def test_owned_parameters_change_the_owned_cost(app_env: Warehouse) -> None:
    at = open_page(PAGE, ue_model="8b")
    owned = at.dataframe[1].value.set_index("accelerator")["owned_usd_per_gpu_hour"]
    at.number_input(key="ue_kwh").set_value(0.3).run()
    assert not at.exception
    dearer = at.dataframe[1].value.set_index("accelerator")["owned_usd_per_gpu_hour"]
    # H100 SXM: 700 W x PUE 1.3 x $0.22 more per kWh
    assert dearer["H100 SXM"] - owned["H100 SXM"] == pytest.approx(0.7 * 1.3 * (0.3 - 0.08))


def test_zero_throughput_and_utilization_above_100_show_clear_errors(
    app_env: Warehouse,
) -> None:
    at = _edit(open_page(PAGE), {"H100_SXM": {"tokens_per_s": 0}, "H200": {"util_pct": 150}})
    assert not at.exception
    errors = _errors(at)
    assert "Row 'H100 SXM': throughput is 0 tokens/s; enter a throughput above 0" in errors
    assert "Row 'H200': utilization is 150% (above 100%); enter a percent above 0" in errors
    costs = at.dataframe[1].value
    assert "H200" not in set(costs["accelerator"])  # the bad row is left out, the rest shown
    assert chart_titles(at)[0].startswith("Lowest cost per 1M output tokens: MI300X owned")


def test_negative_price_names_the_row(app_env: Warehouse) -> None:
    at = _edit(open_page(PAGE), {"B200": {"usd_per_gpu_hour": -2.0}})
    assert not at.exception
    assert "Row 'B200': $/GPU-hour is -2 USD; enter a price of 0 or more." in _errors(at)


def test_an_entered_throughput_is_costed_and_marked_user_entered(app_env: Warehouse) -> None:
    at = _edit(open_page(PAGE), {"H100_SXM": {"tokens_per_s": 3000}})
    assert not at.exception and not at.error
    costs = at.dataframe[1].value.set_index("accelerator")
    assert costs.loc["H100 SXM", "throughput_source"] == acc.USER
    assert costs.loc["H100 SXM", "rented_usd_per_mtok"] > 0
    assert "user-entered values" in " ".join(c.value for c in at.caption)


def test_utilization_above_100_in_the_link_falls_back_with_a_notice(
    app_env: Warehouse,
) -> None:
    at = open_page(PAGE, ue_util="150")
    assert not at.exception
    assert any("ue_util=150" in w.value and "outside 1–100" in w.value for w in at.warning)
    assert at.slider(key="ue_util").value == 60


def test_custom_size_without_cited_throughput_says_what_to_enter(app_env: Warehouse) -> None:
    # 30B: no MLPerf benchmark (8B, 70B, 405B) or cited figure is within 1.5x of the size
    at = open_page(PAGE, ue_model="custom", ue_params="30")
    assert not at.exception and not at.error
    assert at.number_input(key="ue_params").value == 30
    assert "enter a throughput in the inputs table" in " ".join(i.value for i in at.info)
    titles = chart_titles(at)  # the cost and sensitivity charts are empty; the list prices remain
    assert len(titles) == 1 and titles[0].startswith("Median 30B-class list price")
    fit = at.dataframe[2].value.set_index("accelerator")["gpus_per_replica"]
    assert fit["H100 SXM"] == 1 and fit["MI300X"] == 1  # 60 GB of fp16 weights + KV
