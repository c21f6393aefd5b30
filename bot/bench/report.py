"""The benchmark's output: a table per command, the ratios, the targets, and a JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.bench.stats import targets

_COLUMNS = ("count", "p50_ms", "p95_ms", "p99_ms", "max_ms", "throughput_per_s", "deadline_misses",
            "unexpected_answers")
_HEADINGS = ("n", "p50 ms", "p95 ms", "p99 ms", "max ms", "per s", "misses", "wrong")


def _row(name: str, figures: dict[str, Any]) -> str:
    cells = [f"{figures[c]:.1f}" if isinstance(figures[c], float) else str(figures[c]) for c in _COLUMNS]
    return f"{name:<24}" + "".join(f"{cell:>9}" for cell in cells)


def table(result: dict[str, Any]) -> str:
    """The human-readable report."""
    storm, start, lag = result["storm"], result["start"], result["loop_lag_ms"]
    lines = [
        f"database: {result.get('database', 'sqlite')}",
        f"seeded {result['seed']['entries']:,} entries for {result['seed']['users']:,} users in "
        f"{result['seed']['seconds']:.1f} s ({result['seed']['size_mb']:.0f} MiB)",
        f"start → ready: cold sync {start['cold_sync']['ready_s']:.2f} s (gateway "
        f"{start['cold_sync']['gateway_s']:.2f} s), sync skipped {start['sync_skipped']['ready_s']:.2f} s "
        f"(gateway {start['sync_skipped']['gateway_s']:.2f} s)",
        f"RSS: {result['rss_mb']['after_start']:.1f} MiB after start, {result['rss_mb']['after_storm']:.1f} MiB "
        f"after the storm (chart worker {result['rss_mb']['chart_worker_after_storm']:.1f} MiB)",
        "",
        f"storm: {storm['shots']:,} commands, {storm['in_flight']} in flight, {storm['seconds']:.1f} s, "
        f"{storm['throughput_per_s']:.0f}/s overall (dispatch → answer; deferred: ack and final edit)",
        f"{'command':<24}" + "".join(f"{h:>9}" for h in _HEADINGS),
    ]
    lines += [_row(name, row) for name, row in storm["commands"].items()]
    lines += [_row("/progress alone (final)", result["progress_alone"]), ""]
    lines.append("ratios: " + ", ".join(f"{k.replace('_over_', ' ÷ ').replace('_p50', ' p50')} = {v:.2f}"
                                        for k, v in result["ratios"].items()))
    lines.append("loop lag ms: " + "; ".join(
        f"{phase} p50 {f['p50_ms']:.1f} p99 {f['p99_ms']:.1f} max {f['max_ms']:.1f} ({f['samples']} samples)"
        for phase, f in lag.items()))
    machine, bot_cpu, bench_cpu = result["machine"], storm["bot_cpu"], storm["bench_cpu"]
    lines.append(f"machine: {machine['cpus']} CPUs, load average {machine['load_before']} before, "
                 f"{machine['load_after']} after")
    lines.append(f"in the storm ({storm['seconds']:.1f} s): the bot used {bot_cpu['process_cpu_s']:.1f} s of CPU "
                 f"(loop thread {bot_cpu['loop_cpu_s']:.1f} s) and its loop thread waited "
                 f"{bot_cpu['loop_waited_for_cpu_s']:.1f} s for a CPU; the bench and imitation used "
                 f"{bench_cpu['process_cpu_s']:.1f} s")
    lines += ["", "targets:"]
    lines += [f"  [{'ok' if t['met'] else 'MISSED'}] {t['name']}: {t['value']:g} (target {t['comparison']} "
              f"{t['limit']:g})" for t in result["targets"]]
    if result["problems"]:
        lines += ["", "the bot logged:"] + [f"  {p}" for p in result["problems"][:10]]
    return "\n".join(lines)


def finish(result: dict[str, Any], path: Path) -> str:
    """Add the targets to `result`, write it as JSON to `path`, return the table."""
    checked = targets(result)
    result["targets"] = [t.as_json() for t in checked]
    result["all_targets_met"] = all(t.met for t in checked)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return table(result)
