#!/usr/bin/env python3
"""Reads the results of one `scripts/bench.sh` run and prints the table of
medians and the ratios the targets are stated in (also written to
`target/bench/summary.md`).

Inputs (under target/): criterion's `criterion/<group>/<bench>/new/estimates.json`,
`bench/py.json` (pytest-benchmark), `bench/node.json`, `bench/stream.json`,
`wasm/pkg/sizes.txt`. A missing input is reported as such, never guessed.
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
        if b["group"] == group and b["param"].endswith(contender) and b["param"].startswith(group):
            return b["stats"]["median"] * 1e3
    return None


def fmt(ms):
    return "—" if ms is None else f"{ms:,.1f} ms"


def verdict(value, target, higher_is_better=True):
    if value is None:
        return "not measured"
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "MISSED"


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
    py = load(OUT / "py.json")
    node = load(OUT / "node.json")
    stream = load(OUT / "stream.json")
    goods = (py or {}).get("benchmarks", [{}])[0].get("extra_info", {}).get("goods") if py else (node or {}).get("goods")
    lines = [f"catalog: {goods or '?'} goods × 5 specs; machine: {machine()}", ""]
    lines += ["| operation | contender | median | ratio | target | |", "|---|---|---|---|---|---|"]
    targets = []
    for g in GROUPS:
        core, floor = criterion_ms(g, "core_end_to_end"), criterion_ms(g, "md5_floor")
        ratio = floor / core if core and floor else None
        lines.append(f"| {g} | Rust MD5 floor (same bytes) | {fmt(floor)} | | | |")
        lines.append(f"| {g} | Rust core end to end | {fmt(core)} | {ratio:.2f} of MD5 throughput |" if ratio else f"| {g} | Rust core end to end | {fmt(core)} | — |")
        lines[-1] += f" ≥ 0.40 | {verdict(ratio, 0.40)} |" if ratio else " ≥ 0.40 | not measured |"
        targets.append((f"Rust {g}: core ≥ 40 % of MD5 throughput", verdict(ratio, 0.40), ratio and f"{ratio:.2f}"))
        streamed = criterion_ms(g, "core_streaming")
        lines.append(f"| {g} | Rust core streamed (plan_iter, items freed inside) | {fmt(streamed)} | "
                     + (f"{floor / streamed:.2f} of MD5 throughput | | |" if streamed and floor else "— | | |"))
        for stage in ("core_plan", "core_serialize", "core_sign"):
            lines.append(f"| {g} | Rust {stage.replace('core_', '')} only | {fmt(criterion_ms(g, stage))} | | | |")
        base = pytest_ms(py, g, "pydantic-baseline")
        for contender, label in (("skuwire", "Python skuwire (dicts)"), ("skuwire-json-bytes", "Python skuwire (JSON bytes)")):
            ms = pytest_ms(py, g, contender)
            x = base / ms if base and ms else None
            tgt = " ≥ 3× | " + verdict(x, 3.0) if contender == "skuwire" else " | (reported) "
            lines.append(f"| {g} | {label} | {fmt(ms)} | {x:.2f}× pydantic |{tgt} |" if x else f"| {g} | {label} | {fmt(ms)} | — |{tgt} |")
            if contender == "skuwire":
                targets.append((f"Python {g}: ≥ 3× pydantic", verdict(x, 3.0), x and f"{x:.2f}×"))
        lines.append(f"| {g} | Python pydantic baseline | {fmt(base)} | 1× | | |")
        ng = (node or {}).get("groups", {}).get(g, {})
        nms = ng.get("skuwire", {}).get("median_ms")
        nbase = ng.get("ajv-baseline", {}).get("median_ms")
        nx = nbase / nms if nbase and nms else None
        lines.append(f"| {g} | Node skuwire | {fmt(nms)} | {nx:.2f}× ajv | ≥ 2× | {verdict(nx, 2.0)} |" if nx else f"| {g} | Node skuwire | {fmt(nms)} | — | ≥ 2× | not measured |")
        lines.append(f"| {g} | Node ajv baseline | {fmt(nbase)} | 1× | | |")
        targets.append((f"Node {g}: ≥ 2× ajv", verdict(nx, 2.0), nx and f"{nx:.2f}×"))
    rss = (stream or {}).get("peak_rss_mb")
    specs = (stream or {}).get("specs")
    lines.append("")
    lines.append(f"streaming: {specs or '?'} specs from a generator, skip mode: peak RSS {rss if rss is not None else '—'} MB "
                 f"({(stream or {}).get('seconds', '—')} s, {(stream or {}).get('batches', '—')} batches)")
    targets.append((f"streaming {specs or '?'} specs: peak RSS < 150 MB", verdict(rss, 150, higher_is_better=False) if specs == 1_000_000 or rss is None else f"{verdict(rss, 150, higher_is_better=False)} (smoke size)", rss and f"{rss} MB"))
    sizes = None
    try:
        sizes = dict(kv.split("=") for kv in (TARGET / "wasm/pkg/sizes.txt").read_text().split())
    except (OSError, ValueError):
        pass
    gz = int(sizes["gzip"]) / 1024 if sizes else None
    lines.append(f"wasm: skuwire_bg.wasm gzip -9 {gz:.1f} KiB (wasm-opt -Oz {int(sizes['opt']) / 1024:.1f} KiB)" if sizes else "wasm: not built (scripts/build-wasm.sh)")
    targets.append(("wasm ≤ 150 KB gzipped", verdict(gz, 150, higher_is_better=False), gz and f"{gz:.1f} KiB"))
    lines += ["", "| target | value | |", "|---|---|---|"]
    lines += [f"| {name} | {value or '—'} | {v} |" for name, v, value in targets]
    text = "\n".join(lines)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
