"""The benchmark's output: one table per phase, the CPU each part used, the targets, and a JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.bench.stats import targets


def _cells(widths: tuple[int, ...], cells: list[Any]) -> str:
    """One line of a table: a negative width is left-aligned, a positive one right-aligned."""
    out = []
    for width, cell in zip(widths, cells, strict=True):
        text = f"{cell:.2f}" if isinstance(cell, float) else str(cell)
        out.append(text.ljust(-width) if width < 0 else text.rjust(width))
    return "".join(out)


_CAP = (-12, 7, 8, 9, 9, 8, 7, 10, 10, 10, 10, 8, 8, 9)
_CAP_HEAD = ["command", "n", "per s", "p50 ms", "p99 ms", "misses", "wrong", "loop ms", "other ms", "pg ms", "bot ms",
             "÷ ping", "thr ÷", "bench ms"]
_ROW = (-20, 7, 9, 9, 9, 9, 8, 7)
_ROW_HEAD = ["command", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "misses", "wrong"]


def _elsewhere(figures: dict[str, float] | None) -> str:
    if not figures:
        return "?"
    return f"{figures['others_share']:.0%}/{figures['steal_share']:.0%}"


def _capacity(result: dict[str, Any]) -> list[str]:
    plan = result["plan"]
    lines = [f"CAPACITY: each command alone, {plan['capacity_commands']:,} from {plan['capacity_users']} users "
             "(each sends its next when answered); CPU is per command, in ms",
             _cells(_CAP, _CAP_HEAD)]
    for name, row in result["capacity"].items():
        per = row["cpu_per_command"]
        lines.append(_cells(_CAP, [name, row["count"], row["throughput_per_s"], row["p50_ms"], row["p99_ms"],
                                   row["deadline_misses"], row["unexpected_answers"], per["loop_ms"],
                                   per["other_threads_ms"], per["db_server_ms"], per["bot_ms"], row["cpu_over_ping"],
                                   row["throughput_over_ping"], per["bench_ms"]]))
    if plan.get("capacity_rounds", 1) > 1:
        lines.append(f"  each figure is the median of {plan['capacity_rounds']} rounds (the four commands in turn); "
                     "bot ms ÷ ping in each round: " + "; ".join(
                         f"{name} " + " ".join(f"{r['cpu_over_ping']:.2f}" for r in row["rounds"])
                         for name, row in result["capacity"].items() if name != "/ping"))
    lines.append("  meanwhile other work on the machine, and steal, as shares of one CPU, in each round: " + "; ".join(
        f"{name} " + " ".join(_elsewhere(r.get("elsewhere")) for r in row.get("rounds", []))
        for name, row in result["capacity"].items()))
    lines.append("  loop = the bot's event-loop thread, other = its database and executor threads, pg = the "
                 "PostgreSQL server's backends serving it, bot = all three, ÷ ping = bot ms ÷ /ping's, "
                 "thr ÷ = throughput ÷ /ping's, bench = load generator + imitation")
    return lines


def _steady(result: dict[str, Any]) -> list[str]:
    plan = result["plan"]
    lines = [f"STEADY LOAD: open loop, the mix (40% /log, 20% /history, 20% /nudge, 15% guide, 5% /progress) "
             f"at a fixed rate for {plan['steady_seconds']:g} s each; latency is dispatch → the answer the user reads"]
    for phase in result["steady"].values():
        share, late = phase["cpu_share_of_a_core"], phase["sent_late_ms"]
        lines += ["", f"at {phase['rate_per_s']}/s: {phase['commands']:,} commands, {phase['deadline_misses']} "
                  f"deadline misses; CPU while they arrived ({phase['cpu']['wall_s']:.1f} s) as a share of one "
                  f"core: bot loop "
                  f"{share['loop_s']:.0%}, bot other threads {share['other_threads_s']:.0%}, PostgreSQL "
                  f"{share['db_server_s']:.0%}, chart worker "
                  f"{share['chart_worker_s']:.0%}, load generator + imitation {share['bench_s']:.0%}, "
                  f"other work on the machine and steal {_elsewhere(phase.get('elsewhere'))}; "
                  f"sent late p99 {late['p99_ms']:.1f} ms; bot loop lag p99 {phase['lag']['p99_ms']:.1f} ms; "
                  f"{phase['cpu_after_arrivals']['wall_s']:.1f} s more for the last answers (chart worker "
                  f"{phase['cpu_after_arrivals']['chart_worker_s']:.1f} s of CPU)",
                  _cells(_ROW, _ROW_HEAD)]
        for name, row in phase["rows"].items():
            lines.append(_cells(_ROW, [name, row["count"], row["p50_ms"], row["p95_ms"], row["p99_ms"],
                                       row["max_ms"], row["deadline_misses"], row["unexpected_answers"]]))
    return lines


def _alone(result: dict[str, Any]) -> list[str]:
    alone = result["alone"]
    start, rss, chart = alone["start"], alone["rss_mb"], alone["progress"]
    return [
        "ALONE",
        f"start → ready: cold sync {start['cold_sync']['ready_s']:.2f} s (gateway "
        f"{start['cold_sync']['gateway_s']:.2f} s), sync skipped {start['sync_skipped']['ready_s']:.2f} s",
        f"/progress one at a time ({chart['count']}): chart p50 {chart['p50_ms']:.0f} ms, p95 "
        f"{chart['p95_ms']:.0f} ms, max {chart['max_ms']:.0f} ms",
        f"RSS: {rss['after_start']:.1f} MiB after start, {rss['after_load']:.1f} MiB after the load "
        f"(chart worker {rss['chart_worker_after_load']:.1f} MiB)",
    ]


def _placement(cpus: dict[str, str]) -> str:
    if not cpus or cpus["bot"] == cpus["benchmark"]:
        return "the bot, the load generator and the imitation share them"
    return (f"the bot on CPU {cpus['bot']}, the load generator, the imitation and the chart worker on CPU "
            f"{cpus['benchmark']}")


def _round_trip(rtt_ms: float) -> str:
    if not rtt_ms:
        return "none (loopback: the imitation answers the bot's requests at once)"
    return f"{rtt_ms:g} ms (each of the imitation's answers to the bot's requests leaves that long after its work)"


def table(result: dict[str, Any]) -> str:
    """The human-readable report."""
    seed, machine = result["seed"], result["machine"]
    lines = [
        f"database: {result['database']}; seeded {seed['entries']:,} entries for {seed['users']:,} users in "
        f"{seed['seconds']:.1f} s ({seed['size_mb']:.0f} MiB)",
        f"machine: {machine['cpus']} CPUs; {_placement(machine.get('cpus_used') or {})} (and anything else running: "
        f"load average {machine['load_before']} before, {machine['load_after']} after)",
        f"Discord's round trip: {_round_trip(result.get('rtt_ms', 0))}",
        "", *_capacity(result), "", *_steady(result), "", *_alone(result), "", "targets:",
    ]
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
