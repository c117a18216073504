"""Time one scenario recompute plus the concentration screens of six market segments.

Run: ``python benchmarks/bench_scenarios.py [--runs N] [--budget-ms MS]``. Prints the median
and 95th-percentile wall time (time.perf_counter) and exits 1 if the median exceeds the
budget (default 10 ms, the dashboard's per-interaction target).

Segment shares are the published figures collected in ECONOMICS.md §3 (percent).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from market.concentration import (  # noqa: E402
    assess_merger,
    concentration_ratio,
    hhi,
    numbers_equivalent,
)
from market.scenarios import PRESETS, decode_scenario, encode_scenario, value_flow  # noqa: E402

SEGMENTS: dict[str, dict[str, float]] = {
    # §3.1 derived default accelerator revenue split
    "accelerators": {"Nvidia": 85, "Custom ASIC": 11, "AMD": 4},
    # §3.2 Synergy Research, Q2 2025 and Q3 2025
    "cloud Q2 2025": {"AWS": 30, "Azure": 20, "Google": 13, "Alibaba": 4, "Oracle": 3,
                      "Salesforce": 2, "IBM": 2, "Tencent": 2},
    "cloud Q3 2025": {"AWS": 29, "Microsoft": 20, "Google": 13},
    # §3.3 Menlo Ventures via secondaries: enterprise LLM API spend, Dec 2025 and mid-2025
    "model API spend 2025": {"Anthropic": 40, "OpenAI": 27, "Google": 21},
    "model API mid-2025": {"Anthropic": 32, "OpenAI": 25},
    # §3.3 OpenRouter H1 2025 token shares (DataFunTalk via besthub.dev)
    "OpenRouter tokens H1 2025": {"Google": 43.1, "DeepSeek": 19.6, "Anthropic": 18.4},
}  # fmt: skip


def one_interaction(code: str) -> float:
    """What a slider move costs: decode the scenario, recompute flows, screen every segment."""
    flow = value_flow(decode_scenario(code))
    total = flow.accelerator_revenue
    for shares in SEGMENTS.values():
        h = hhi(shares)
        total += h + concentration_ratio(shares, 4) + numbers_equivalent(h)
        top_two = sorted(shares, key=shares.__getitem__, reverse=True)[:2]
        total += sum(v.triggered for v in assess_merger(shares, top_two))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--budget-ms", type=float, default=10.0)
    args = parser.parse_args()
    code = encode_scenario(PRESETS["concentrated"].params)
    one_interaction(code)  # warm-up
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        one_interaction(code)
        times.append((time.perf_counter() - start) * 1000.0)
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(
        f"scenario + {len(SEGMENTS)} segments: median {median:.3f} ms, p95 {p95:.3f} ms "
        f"over {args.runs} runs (budget {args.budget_ms:g} ms)"
    )
    return 0 if median <= args.budget_ms else 1


if __name__ == "__main__":
    sys.exit(main())
