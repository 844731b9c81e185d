#!/usr/bin/env python3
"""Reads the results of one `scripts/bench.sh` run and prints the table of
medians and the ratios the targets are stated in (also written to
`target/bench/summary.md`).

Inputs (under target/): criterion's `criterion/<group>/<bench>/new/estimates.json`,
`bench/py.json` (pytest-benchmark), `bench/node.json`, `bench/stream.json`,
`bench/wasm-sizes.txt` (a package built in this run), `bench/mode`
(`smoke` or `full`). A missing input is reported as such, never guessed;
bench.sh deletes the previous run's files before it starts. Smoke numbers
(200 goods, one round) are labelled smoke and get no verdict.
"""
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "target"
OUT = TARGET / "bench"
GROUPS = ["batchPush", "ApiGoods.upload"]


def load(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def criterion_ms(group, bench):
    est = load(TARGET / "criterion" / group / bench / "new" / "estimates.json")
    return est["median"]["point_estimate"] / 1e6 if est else None


def pytest_ms(data, group, contender):
    for b in (data or {}).get("benchmarks", []):
        if b["group"] == group and b["param"].startswith(group) and b["param"][len(group) + 1:] == contender:
            return b["stats"]["median"] * 1e3
    return None


def fmt(ms):
    return "—" if ms is None else f"{ms:,.1f} ms"


def ratio(num, den):
    return num / den if num and den else None


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load1 = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{cpu or platform.processor()}, {os.cpu_count()} cores, load {load1:.2f} at the end, {platform.system()} {platform.release()}"


def main():
    mode = (OUT / "mode").read_text().strip() if (OUT / "mode").exists() else "full"
    smoke = mode == "smoke"

    def verdict(value, target, higher_is_better=True):
        if value is None:
            return "not measured"
        if smoke:
            return "smoke: no verdict"
        ok = value >= target if higher_is_better else value <= target
        return "met" if ok else "MISSED"

    py = load(OUT / "py.json")
    node = load(OUT / "node.json")
    stream = load(OUT / "stream.json")
    goods = (py or {}).get("benchmarks", [{}])[0].get("extra_info", {}).get("goods") if py else (node or {}).get("goods")
    title = "SMOKE RUN — sizes too small for timings to mean anything; no verdicts" if smoke else "full run"
    node_load = (node or {}).get("load")
    lines = [f"{title}; catalog: {goods or '?'} goods × 5 specs; machine: {machine()}"]
    if node_load:
        lines.append(f"load average during the Node run: {', '.join(f'{x:.2f}' for x in node_load)} (1, 5, 15 min)")
    lines += ["", "| operation | contender | median | ratio | target | |", "|---|---|---|---|---|---|"]
    targets = []
    for g in GROUPS:
        core, floor = criterion_ms(g, "core_end_to_end"), criterion_ms(g, "md5_floor")
        r = ratio(floor, core)
        lines.append(f"| {g} | Rust MD5 floor (same bytes) | {fmt(floor)} | | | |")
        lines.append(f"| {g} | Rust core end to end | {fmt(core)} | {f'{r:.2f} of MD5 throughput' if r else '—'} | ≥ 0.50 | {verdict(r, 0.50)} |")
        targets.append((f"Rust {g}: core ≥ 0.5 of MD5 throughput", verdict(r, 0.50), r and f"{r:.2f}"))
        streamed = criterion_ms(g, "core_streaming")
        rs = ratio(floor, streamed)
        lines.append(f"| {g} | Rust core streamed (plan_iter, items freed inside) | {fmt(streamed)} | {f'{rs:.2f} of MD5 throughput' if rs else '—'} | | |")
        for stage in ("core_plan", "core_serialize", "core_sign"):
            lines.append(f"| {g} | Rust {stage.replace('core_', '')} only | {fmt(criterion_ms(g, stage))} | | | |")
        # Floors under the whole path: work any implementation starting from
        # the same input must do besides MD5. MD5 + a floor is the best end
        # to end could be with no checks at all.
        copy, read = criterion_ms(g, "copy_floor"), criterion_ms(g, "read_floor_json")
        writers = [w for w in (criterion_ms(g, "write_floor"), criterion_ms(g, "write_floor_core")) if w]
        write = min(writers) if writers else None
        bc, bw = ratio(floor, floor + copy) if floor and copy else None, ratio(floor, floor + write) if floor and write else None
        lines.append(f"| {g} | Rust copy floor (every key and scalar of the `Value`s copied out, nothing else) | {fmt(copy)} | "
                     + (f"MD5 + it: at best {bc:.2f} of MD5 throughput" if bc else "—") + " | | |")
        lines.append(f"| {g} | Rust writing floor (the faster of serde_json and the core's writer: the same `Value`s, no checks) | {fmt(write)} | "
                     + (f"MD5 + it: at best {bw:.2f} of MD5 throughput" if bw else "—") + " | | |")
        lines.append(f"| {g} | Rust reading floor of the text path (jiter steps through the JSON text, no checks) | {fmt(read)} | | | |")
        targets.append((f"Rust {g}: MD5 + a floor, the best end to end could be (copy / write)", "measured" if bc and bw else "not measured",
                        bc and bw and f"{bc:.2f} / {bw:.2f}" + (" (below 0.5: bounded)" if min(bc, bw) < 0.5 else "")))

        pyd, msg, pfloor = (pytest_ms(py, g, c) for c in ("pydantic-baseline", "msgspec-baseline", "floor"))
        for contender, label in (("skuwire", "Python skuwire (dicts)"), ("skuwire-json-bytes", "Python skuwire (JSON bytes)")):
            ms = pytest_ms(py, g, contender)
            xp, xm = ratio(pyd, ms), ratio(msg, ms)
            shown = f"{xp:.2f}× pydantic, {xm:.2f}× msgspec" if xp and xm else "—"
            if contender == "skuwire":
                lines.append(f"| {g} | {label} | {fmt(ms)} | {shown} | ≥ 5× / ≥ 1.5× | {verdict(xp, 5.0)} / {verdict(xm, 1.5)} |")
                targets.append((f"Python {g}: ≥ 5× pydantic", verdict(xp, 5.0), xp and f"{xp:.2f}×"))
                targets.append((f"Python {g}: ≥ 1.5× msgspec", verdict(xm, 1.5), xm and f"{xm:.2f}×"))
            else:
                lines.append(f"| {g} | {label} | {fmt(ms)} | {shown} | | |")
        lines.append(f"| {g} | Python pydantic baseline | {fmt(pyd)} | 1× | | |")
        lines.append(f"| {g} | Python msgspec baseline | {fmt(msg)} | | | |")
        lines.append(f"| {g} | Python floor (msgspec.json + MD5, no checks) | {fmt(pfloor)} | | | |")

        ng = (node or {}).get("groups", {}).get(g, {})
        nms = ng.get("skuwire", {}).get("median_ms")
        najv, nlean, nfloor = (ng.get(k, {}).get("median_ms") for k in ("ajv-baseline", "ajv-lean", "floor"))
        nx, nl = ratio(najv, nms), ratio(nlean, nms)
        ncpu = ng.get("skuwire", {}).get("cpu_median_ms")
        shown = f"{nx:.2f}× ajv, {nl:.2f}× lean ajv" if nx and nl else "—"
        cpu_note = f" (CPU {ncpu:,.1f} ms: the core plans and hashes on two more threads while JS converts)" if ncpu else ""
        lines.append(f"| {g} | Node skuwire | {fmt(nms)}{cpu_note} | {shown} | ≥ 2× / > 1× | {verdict(nx, 2.0)} / {verdict(nl, 1.0001)} |")
        one = ng.get("skuwire-1-thread", {})
        n1, n1cpu = one.get("median_ms"), one.get("cpu_median_ms")
        x1, l1 = ratio(najv, n1), ratio(nlean, n1)
        lines.append(f"| {g} | Node skuwire, `parallel: false` (every step on the calling thread) | {fmt(n1)}"
                     + (f" (CPU {n1cpu:,.1f} ms)" if n1cpu else "") + " | "
                     + (f"{x1:.2f}× ajv, {l1:.2f}× lean ajv" if x1 and l1 else "—") + " | | |")
        lines.append(f"| {g} | Node ajv baseline (equal rules) | {fmt(najv)} | 1× | | |")
        lines.append(f"| {g} | Node lean ajv (types, lengths, enums) | {fmt(nlean)} | | | |")
        lines.append(f"| {g} | Node floor (JSON.stringify + MD5, no checks) | {fmt(nfloor)} | "
                     + (f"skuwire − floor = {nms - nfloor:,.1f} ms; ajv − floor = {najv - nfloor:,.1f} ms" if nms and najv and nfloor else "—") + " | | |")
        nvisit = ng.get("visit-floor", {}).get("median_ms")
        lines.append(f"| {g} | Node visit floor (a bare JS walk reading every value once, no checks) | {fmt(nvisit)} | | | |")
        if nfloor and read and nvisit and najv and nlean:
            # What a core that owns the rules pays before any check: the floor,
            # a walk that finds what JSON.stringify cannot show, and the core's
            # reading of the text (the Rust run of the same bench.sh).
            under = nfloor + nvisit + read

            def room(limit):
                left = limit - under
                return f"leaves {left:,.1f} ms for every check, the bodies and the plan" if left > 0 else f"already {-left:,.1f} ms above it: bounded"
            # One after another: a bound for `parallel: false` only (by
            # default the core reads and hashes on its own threads meanwhile).
            lines.append(f"| {g} | Node floor + visit floor + the core's reading of the text, one after another (Rust reading floor above; bounds `parallel: false`) | {fmt(under)} | "
                         f"under 2× ajv ({najv / 2:,.1f} ms): {room(najv / 2)}; under lean ajv ({nlean:,.1f} ms): {room(nlean)} | | |")
            targets.append((f"Node {g}: room the floors leave on one thread under 2× ajv / under lean ajv", "measured",
                            f"{najv / 2 - under:,.1f} ms / {nlean - under:,.1f} ms (negative: bounded on one thread)"))
        targets.append((f"Node {g}: ≥ 2× equal-rules ajv", verdict(nx, 2.0), nx and f"{nx:.2f}×"))
        targets.append((f"Node {g}: faster than lean ajv", verdict(nl, 1.0001), nl and f"{nl:.2f}×"))
    rss = (stream or {}).get("peak_rss_mb")
    specs = (stream or {}).get("specs")
    lines.append("")
    lines.append(f"streaming: {specs or '?'} specs from a generator, skip mode: peak RSS {rss if rss is not None else '—'} MB "
                 f"({(stream or {}).get('seconds', '—')} s, {(stream or {}).get('batches', '—')} batches)")
    full_stream = specs == 1_000_000
    targets.append((f"streaming {specs or '?'} specs: peak RSS < 150 MB",
                    verdict(rss, 150, higher_is_better=False) if full_stream or rss is None else "smaller than the target's size: no verdict",
                    rss and f"{rss} MB"))
    tables = load(OUT / "tables.json")
    if tables:
        rows = tables.get("rows")
        full_tables = rows == 1_000_000
        lines += ["", f"tables in: {rows:,} SKU rows ({tables.get('goods'):,} goods × 5 specs) → every signed batchPush request, "
                  f"{tables.get('rounds')} rounds, load {' '.join(tables.get('load', []))}", "",
                  "| input | median s | CPU s | × Arrow (wall / CPU) | peak RSS over the input held | |", "|---|---|---|---|---|---|"]
        for name, label in [("arrow", "pyarrow Table"), ("polars", "polars DataFrame"), ("pandas", "pandas DataFrame (Arrow columns)"),
                            ("dicts", "the same flat rows as dicts, nest=True"), ("nested", "the goods nested by hand as dicts"),
                            ("todict", "to_pylist + nesting by hand + plan (inside the timing)")]:
            t = tables.get(name)
            if t:
                lines.append(f"| {label} | {t['median_seconds']:.3f} | {t['median_cpu_seconds']:.3f} | {t.get('vs_arrow', '—')} / {t.get('cpu_vs_arrow', '—')} | {t['peak_over_input_mb']} MB | table {t['table_mb']} MB |")
        fl = tables.get("floor")
        if fl:
            lines.append(f"| floor: MD5 of the same signed bytes (hashlib) | {fl['median_seconds']:.3f} | {fl['median_cpu_seconds']:.3f} | {fl.get('vs_arrow', '—')} / {fl.get('cpu_vs_arrow', '—')} | | |")
        a, d, p_, pd_ = (tables.get(k, {}) for k in ("arrow", "dicts", "polars", "pandas"))
        nd = tables.get("nested", {})
        no_verdict = "smaller than the target's size: no verdict"
        # Verdicts on CPU time: the wall clock of a shared machine mostly
        # measures waiting for a core (the load is printed with the table).
        x = d.get("cpu_vs_arrow")
        targets.append(("tables: Arrow ≥ 5× the same rows as dicts (nest=True; CPU)", verdict(x, 5.0) if full_tables else no_verdict, x and f"{x:.2f}×"))
        x3 = tables.get("todict", {}).get("cpu_vs_arrow")
        targets.append(("tables: Arrow ≥ 5× what a user did before tables were input (to_pylist + nesting by hand + plan; CPU)",
                        verdict(x3, 5.0) if full_tables else no_verdict, x3 and f"{x3:.2f}×"))
        x2 = nd.get("cpu_vs_arrow")
        targets.append(("tables: Arrow ≥ 5× goods nested by hand as dicts (CPU)", verdict(x2, 5.0) if full_tables else no_verdict, x2 and f"{x2:.2f}×"))
        for name, t in (("polars", p_), ("pandas", pd_)):
            r = t.get("cpu_vs_arrow")
            targets.append((f"tables: {name} within 10% of pyarrow (CPU)", verdict(r, 1.10, higher_is_better=False) if full_tables else no_verdict, r and f"{r:.2f}×"))
        over = a.get("peak_over_input_mb")
        targets.append(("tables: Arrow peak RSS ≤ table + 100 MB", verdict(over, 100, higher_is_better=False) if full_tables else no_verdict,
                        over is not None and f"+{over} MB over the RSS holding the {a.get('table_mb')} MB table"))
    else:
        lines += ["", "tables in: not measured in this run"]
    sizes = None
    try:
        sizes = dict(kv.split("=") for kv in (OUT / "wasm-sizes.txt").read_text().split())
    except (OSError, ValueError):
        pass
    gz = int(sizes["gzip"]) / 1024 if sizes else None
    lines.append(f"wasm (built in this run): skuwire_bg.wasm gzip -9 {gz:.1f} KiB (wasm-opt -Oz {int(sizes['opt']) / 1024:.1f} KiB)"
                 if sizes else "wasm: not built in this run (full mode builds it)")
    targets.append(("wasm ≤ 150 KB gzipped", verdict(gz, 150, higher_is_better=False), gz and f"{gz:.1f} KiB"))
    lines += ["", "| target | value | |", "|---|---|---|"]
    lines += [f"| {name} | {value or '—'} | {v} |" for name, v, value in targets]
    text = "\n".join(lines)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
