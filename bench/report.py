#!/usr/bin/env python3
"""Turns one bench/run.sh run into a Markdown report and a JSON copy.

Input (--raw DIR), written by run.sh:
  scenarios.tsv  name, server, script, path, auth, conns, group, probe status,
                 cookies the probe response set ("-" for none), CPU clock ticks
                 the server used during the measured run; one line each, in
                 run order
  NAME.wrk       wrk's output for scenario NAME, ending with the BENCH_RESULT
                 line printed by bench/wrk/common.lua
  meta.txt       key=value lines: machine, commit, settings, memory (kB)

Baseline runs (group "baseline") bracket the scenarios; each scenario's ratio
is to the mean of the baseline runs just before and just after it, so a
machine whose speed drifts during the run still gives fair ratios. The
server's CPU time per request (all its threads) is reported too: on a shared
machine it is steadier than requests/s.
Standard library only.
"""

import argparse
import json
import pathlib
import re
import sys

# Targets from the benchmarks issue, checked in every report.
P99_LIMIT_US = 5000
TARGET_CONNS = 32
RATIO_TARGETS = [
    # (scenario name, minimum ratio to baseline requests/s, description)
    ("home_anon", 0.5, "anonymous home page"),
    ("article_anon", 0.5, "anonymous article page"),
    ("article_portal", 0.4, "logged-in article page"),
    ("search", 0.25, "search"),
]
CPU_TARGETS = [
    # (scenario name, maximum CPU per request as a multiple of the baseline's, description)
    ("article_anon", 2.0, "CPU per anonymous article page"),
]

DESCRIPTIONS = {
    "none": "no cookies",
    "visitor": "dp_v cookie",
    "portal": "portal session",
    "agent": "agent session",
    "login": "pre-login CSRF pair",
}


def parse_wrk(text):
    """The BENCH_RESULT summary of one wrk run, or None if wrk did not finish."""
    match = re.search(r"^BENCH_RESULT (\{.*\})$", text, re.MULTILINE)
    if not match:
        return None
    result = json.loads(match.group(1))
    errors = sum(result[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts",
                                          "status_errors", "unexpected_status"))
    result["errors"] = errors
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6) if result["duration_us"] else 0.0
    return result


def read_meta(path):
    meta = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep:
            meta[key.strip()] = value.strip()
    return meta


def read_scenarios(raw):
    fields = ("name", "server", "script", "path", "auth", "conns", "group", "probe_status", "probe_set_cookies",
              "cpu_ticks")
    scenarios = []
    for line in (raw / "scenarios.tsv").read_text().splitlines():
        if not line.strip():
            continue
        row = dict(zip(fields, line.split("\t")))
        row["conns"] = int(row["conns"])
        row["cpu_ticks"] = int(row.get("cpu_ticks") or 0)
        wrk_file = raw / f"{row['name']}.wrk"
        row["wrk_output"] = wrk_file.read_text() if wrk_file.exists() else ""
        row["result"] = parse_wrk(row["wrk_output"])
        scenarios.append(row)
    return scenarios


def neighbour_baselines(scenarios, index):
    """The baseline runs just before and just after scenarios[index] that have results."""
    found = []
    for step in (-1, 1):
        i = index + step
        while 0 <= i < len(scenarios):
            s = scenarios[i]
            if s["group"] == "baseline" and s["result"]:
                found.append(s["result"]["rps"])
                break
            i += step
    return found


def evaluate(scenarios, ticks_per_s):
    """Adds ratios and verdict to every scenario; returns the baseline summary."""
    for s in scenarios:
        r = s["result"]
        s["cpu_us_per_request"] = s["cpu_ticks"] * 1e6 / ticks_per_s / r["requests"] if r and r["requests"] else None
    base = [s for s in scenarios if s["group"] == "baseline" and s["result"]]
    runs = [s["result"] for s in base]
    base_requests = sum(r["requests"] for r in runs)
    base_cpu = (sum(s["cpu_ticks"] for s in base) * 1e6 / ticks_per_s / base_requests) if base_requests else None
    ratio_targets = {name: ratio for name, ratio, _ in RATIO_TARGETS}
    cpu_targets = {name: ratio for name, ratio, _ in CPU_TARGETS}
    for index, s in enumerate(scenarios):
        r = s["result"]
        if r is None:
            s["ratio"] = None
            s["verdict"] = "FAIL: wrk gave no result"
            continue
        problems = []
        if r["errors"]:
            problems.append(f"{r['errors']} errors")
        s["ratio"] = None
        s["cpu_ratio"] = None
        if base_cpu and s["cpu_us_per_request"] is not None and s["group"] != "baseline":
            s["cpu_ratio"] = s["cpu_us_per_request"] / base_cpu
        if s["group"] == "http":
            neighbours = neighbour_baselines(scenarios, index)
            if neighbours:
                s["reference_rps"] = sum(neighbours) / len(neighbours)
                s["ratio"] = r["rps"] / s["reference_rps"]
            if s["conns"] == TARGET_CONNS and r["latency_us"]["p99"] >= P99_LIMIT_US:
                problems.append("p99 ≥ 5 ms")
            minimum = ratio_targets.get(s["name"])
            if minimum is not None and (s["ratio"] is None or s["ratio"] < minimum):
                problems.append(f"below {minimum}× baseline")
            maximum = cpu_targets.get(s["name"])
            if maximum is not None and (s["cpu_ratio"] is None or s["cpu_ratio"] > maximum):
                problems.append(f"CPU above {maximum}× baseline")
        s["verdict"] = "FAIL: " + ", ".join(problems) if problems else "ok"
    if not runs:
        return None
    return {
        "runs": len(runs),
        "rps": sum(r["rps"] for r in runs) / len(runs),
        "rps_min": min(r["rps"] for r in runs),
        "rps_max": max(r["rps"] for r in runs),
        "p50_us": sum(r["latency_us"]["p50"] for r in runs) / len(runs),
        "p99_us": sum(r["latency_us"]["p99"] for r in runs) / len(runs),
        "p99_max_us": max(r["latency_us"]["p99"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "cpu_us_per_request": base_cpu,
    }


def target_lines(scenarios, baseline):
    by_name = {s["name"]: s for s in scenarios}
    lines = []
    for name, minimum, description in RATIO_TARGETS:
        s = by_name.get(name)
        if s is None or s["ratio"] is None:
            lines.append((f"{description} ≥ {minimum}× baseline requests/s", "not measured (no scenario yet)"))
        else:
            met = "met" if s["ratio"] >= minimum else "MISSED"
            lines.append((f"{description} ≥ {minimum}× baseline requests/s", f"{met} ({s['ratio']:.2f}×)"))
    for name, maximum, description in CPU_TARGETS:
        s = by_name.get(name)
        if s is None or s.get("cpu_ratio") is None:
            lines.append((f"{description} ≤ {maximum}× the baseline's", "not measured"))
        else:
            met = "met" if s["cpu_ratio"] <= maximum else "MISSED"
            lines.append((f"{description} ≤ {maximum}× the baseline's",
                          f"{met} ({s['cpu_us_per_request']:.1f} µs, {s['cpu_ratio']:.2f}×)"))
    measured = [s for s in scenarios if s["group"] == "http" and s["result"]]
    slow = [s["name"] for s in measured
            if s["conns"] == TARGET_CONNS and s["result"]["latency_us"]["p99"] >= P99_LIMIT_US]
    if measured:
        result = "MISSED: " + ", ".join(slow) if slow else "met"
        if slow and baseline and baseline["p99_max_us"] >= P99_LIMIT_US:
            result += " (the baseline's own p99 reached 5 ms: the machine was too busy to judge)"
        lines.append((f"p99 < 5 ms at {TARGET_CONNS} connections", result))
    else:
        lines.append((f"p99 < 5 ms at {TARGET_CONNS} connections", "not measured (no deskd scenario)"))
    failing = sorted({"baseline" if s["group"] == "baseline" else s["name"]
                      for s in scenarios if s["result"] is None or s["result"]["errors"]})
    lines.append(("zero errors", "MISSED: " + ", ".join(failing) if failing else "met"))
    return lines


def ms(us):
    return f"{us / 1000:.2f}"


def kb_to_mib(value):
    try:
        return f"{int(value) / 1024:.1f} MiB"
    except (TypeError, ValueError):
        return "n/a"


TABLE_HEAD = ["| scenario | request | conns | req/s | × baseline | p50 ms | p99 ms | CPU µs/req | CPU × baseline "
              "| errors | sets cookies | verdict |",
              "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|"]


def number(value, fmt):
    return "–" if value is None else format(value, fmt)


def baseline_row(baseline, conns):
    verdict = f"{baseline['errors']} errors" if baseline["errors"] else "ok"
    return (f"| baseline (mean of {baseline['runs']} runs) | GET `/` (fixed 1 KB page) | {conns} | "
            f"{baseline['rps']:,.0f} | 1.00 | {ms(baseline['p50_us'])} | {ms(baseline['p99_us'])} | "
            f"{number(baseline['cpu_us_per_request'], '.1f')} | 1.00 | {baseline['errors']} | none | {verdict} |")


def scenario_table(rows):
    out = []
    for s in rows:
        r = s["result"]
        method = "POST" if s["script"] == "login_post.lua" else "GET"
        request = f"{method} `{s['path']}` ({DESCRIPTIONS.get(s['auth'], s['auth'])})"
        if r is None:
            out.append(f"| {s['name']} | {request} | {s['conns']} | – | – | – | – | – | – | – | – | {s['verdict']} |")
            continue
        ratio = f"{s['ratio']:.2f}" if s["ratio"] is not None and s["group"] == "http" else "–"
        cookies = s["probe_set_cookies"] if s["probe_set_cookies"] != "-" else "none"
        out.append(f"| {s['name']} | {request} | {s['conns']} | {r['rps']:,.0f} | {ratio} | "
                   f"{ms(r['latency_us']['p50'])} | {ms(r['latency_us']['p99'])} | "
                   f"{number(s['cpu_us_per_request'], ',.1f')} | {number(s['cpu_ratio'], '.2f')} | {r['errors']} | "
                   f"{cookies} | {s['verdict']} |")
    return out


def markdown(meta, scenarios, baseline):
    baseline_conns = next((s["conns"] for s in scenarios if s["group"] == "baseline"), TARGET_CONNS)
    http = [s for s in scenarios if s["group"] == "http"]
    login = [s for s in scenarios if s["group"] == "login"]
    out = [f"# deskd benchmark — {meta.get('date', '')}", ""]
    out.append(f"- commit: {meta.get('commit', 'unknown')}")
    if "deskd_binary" in meta:
        out.append(f"- deskd binary: {meta['deskd_binary']}, not built from this tree by the run")
    out.append(f"- machine: {meta.get('cpu', '?')}, {meta.get('cores', '?')} cores, {meta.get('kernel', '?')}; "
               f"load average {meta.get('loadavg_start', '?')} at start, {meta.get('loadavg_end', '?')} at end")
    out.append(f"- load: wrk {meta.get('wrk', '?')}, `-t1 --latency`, {meta.get('duration', '?')} per scenario "
               f"after {meta.get('warmup', '?')} warm-up; servers on core {meta.get('server_cpu', '?')}, "
               f"wrk on core {meta.get('client_cpu', '?')}")
    try:
        busy = float(meta.get("loadavg_start", "0").split()[0]) >= 1.0
    except ValueError:
        busy = False
    if busy:
        out.append("- **the machine was busy before the run started** (load average ≥ 1): requests/s and "
                   "latency are depressed and noisy; CPU µs per request is the steadier comparison")
    if baseline:
        out.append(f"- baseline: {baseline['runs']} runs, one before each HTTP scenario and one at the end, "
                   f"{baseline['rps_min']:,.0f}–{baseline['rps_max']:,.0f} req/s; each ratio is to the mean "
                   "of the runs just before and after that scenario")
    out += ["", "## HTTP scenarios", ""] + TABLE_HEAD
    if baseline:
        out.append(baseline_row(baseline, baseline_conns))
    out += scenario_table(http)
    if login:
        out += ["", "## Login (argon2id; reported apart, success is a 303)", ""] + TABLE_HEAD + scenario_table(login)
    out += ["", "## Memory (deskd VmRSS)", ""]
    if "deskd_rss_idle_kb" in meta:
        out += ["| idle, after start | after all scenarios | peak (VmHWM) | baseline server |",
                "|--:|--:|--:|--:|",
                f"| {kb_to_mib(meta.get('deskd_rss_idle_kb'))} | {kb_to_mib(meta.get('deskd_rss_after_kb'))} | "
                f"{kb_to_mib(meta.get('deskd_rss_peak_kb'))} | {kb_to_mib(meta.get('baseline_rss_kb'))} |"]
    else:
        out.append("deskd was not started in this run.")
    out += ["", "## Targets", "", "| target | result |", "|---|---|"]
    out += [f"| {target} | {result} |" for target, result in target_lines(scenarios, baseline)]
    return "\n".join(out) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", required=True, type=pathlib.Path, help="directory written by run.sh")
    parser.add_argument("--markdown", required=True, type=pathlib.Path, help="Markdown report to write")
    parser.add_argument("--json", required=True, type=pathlib.Path, help="JSON copy to write")
    args = parser.parse_args(argv)

    meta = read_meta(args.raw / "meta.txt")
    scenarios = read_scenarios(args.raw)
    baseline = evaluate(scenarios, int(meta.get("clock_ticks_per_s") or 100))
    args.markdown.write_text(markdown(meta, scenarios, baseline))
    document = {
        "meta": meta,
        "baseline": baseline,
        "targets": [{"target": t, "result": r} for t, r in target_lines(scenarios, baseline)],
        "scenarios": scenarios,
    }
    args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
