"""Tables in: flat SKU rows (default 1,000,000 = 200,000 goods × 5 specs)
nested into batchPush goods and every request signed, from

- ``arrow``:  a pyarrow Table (``client.plan(op, table, nest=True)``);
- ``polars``: the same table as a polars DataFrame;
- ``pandas``: the same table as a pandas DataFrame of Arrow columns
  (``to_pandas(types_mapper=pd.ArrowDtype)``, what ``read_parquet(...,
  dtype_backend="pyarrow")`` gives);
- ``dicts``:  the same rows as Python dicts (``table.to_pylist()``) through
  the dict path, nested by the same option;
- ``nested``: the same goods already nested as Python dicts with Decimals
  (what a user grouped by hand before this option existed) through the
  dict path;
- ``floor``: MD5 over the signed bytes of every call alone (hashlib), the
  work no contender can skip;
- ``todict``: what a user did before tables were input — the table turned
  into dicts (``to_pylist``), grouped by hand, planned — with the
  conversion inside the timing.

Each contender runs in a process of its own (``--run NAME``), so its peak
RSS is its own: the script re-runs itself once per contender and round and
prints one JSON object. The time covers planning (skip mode, streaming)
and signing every batch, not building the input: the rows exist already,
as they would in an ETL job. Memory: the peak resident size while
planning, reset just before it (``/proc/self/clear_refs``), against the
resident size holding the input and against the table's own Arrow memory
(``table.nbytes``).
"""
import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import catalog  # noqa: E402  (the word lists of the seeded catalog)

OP = "goods.Goods.batchPush"
CONTENDERS = ("arrow", "polars", "pandas", "dicts", "nested", "todict", "floor")


def columns(n_goods, seed=catalog.SEED):
    """The flat rows as column lists (one row per spec)."""
    rng = random.Random(seed)
    specs = catalog.SPECS_PER_GOODS
    cols = {k: [] for k in ("goods_no", "goods_name", "brand_name", "class_name", "goods_type",
                            "spec_list[].spec_no", "spec_list[].spec_name", "spec_list[].barcode",
                            "spec_list[].retail_price", "spec_list[].wholesale_price", "spec_list[].weight",
                            "spec_list[].unit_name", "spec_list[].validity_days", "spec_list[].remark")}
    for g in range(n_goods):
        brand = rng.choice(catalog.BRANDS)
        name = f"{brand} {rng.choice(catalog.ADJ)}{rng.choice(catalog.NOUN)}{rng.choice(catalog.SUFFIX)}"
        klass = rng.choice(catalog.CLASSES)
        unit = rng.choice(catalog.UNITS)
        base = rng.randrange(500, 90000)
        for s in range(specs):
            cols["goods_no"].append(f"G{g:07d}")
            cols["goods_name"].append(name)
            cols["brand_name"].append(brand)
            cols["class_name"].append(klass)
            cols["goods_type"].append(1)
            cols["spec_list[].spec_no"].append(f"G{g:07d}-{s + 1:02d}")
            cols["spec_list[].spec_name"].append(f"{rng.choice(catalog.COLORS)} / {rng.choice(catalog.SIZES)}")
            cols["spec_list[].barcode"].append(f"69{g:08d}{s:03d}")
            cols["spec_list[].retail_price"].append(Decimal(base + s * 100) / 100)
            cols["spec_list[].wholesale_price"].append(Decimal(base // 2) / 100)
            cols["spec_list[].weight"].append(Decimal(rng.randrange(50, 5000)) / 1000)
            cols["spec_list[].unit_name"].append(unit)
            cols["spec_list[].validity_days"].append(rng.choice([0, 180, 365, 730]))
            cols["spec_list[].remark"].append(rng.choice([None, None, "易碎品", "需冷藏"]))
    return cols


def arrow_table(n_goods):
    import pyarrow as pa
    types = {"goods_type": pa.int8(), "spec_list[].retail_price": pa.decimal128(12, 2), "spec_list[].wholesale_price": pa.decimal128(12, 2),
             "spec_list[].weight": pa.decimal128(10, 3), "spec_list[].validity_days": pa.int32()}
    return pa.table({k: pa.array(v, types.get(k, pa.string())) for k, v in columns(n_goods).items()})


def nested_goods(rows):
    """Rows grouped by hand into goods with their spec_list, as dicts."""
    out = []
    for row in rows:
        spec = {k[len("spec_list[]."):]: v for k, v in row.items() if k.startswith("spec_list[].") and v is not None}
        if out and out[-1]["goods_no"] == row["goods_no"]:
            out[-1]["spec_list"].append(spec)
        else:
            goods = {k: v for k, v in row.items() if not k.startswith("spec_list[].") and v is not None}
            goods["spec_list"] = [spec]
            out.append(goods)
    return out


def rss_now():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def cached_table(n_goods, cache):
    """The table, built once and kept as an Arrow IPC file: every process
    reads it into memory (as read_parquet would) instead of building it."""
    import pyarrow as pa
    path = Path(cache) / f"skus-{n_goods}.arrow"
    if not path.exists():
        table = arrow_table(n_goods)
        tmp = path.with_suffix(".tmp")
        with pa.OSFile(str(tmp), "wb") as f, pa.ipc.new_file(f, table.schema) as w:
            w.write_table(table, max_chunksize=65_536)
        tmp.rename(path)
    with pa.OSFile(str(path), "rb") as f:
        return pa.ipc.open_file(f).read_all()


def run_floor(n_goods, cache):
    """The work every contender must do at the end: MD5 over the signed
    bytes of every call (hashlib, C), timed alone on the same bodies."""
    import skuwire
    table = cached_table(n_goods, cache)
    client = skuwire.Flagship("bench_sid", "bench_key", "bench_secret:bench_salt", base_url=skuwire.FLAGSHIP_TEST_URL)
    signed = [b.sign(timestamp=1_700_000_000).string_to_sign.encode() for b in client.plan(OP, table, on_invalid="skip", nest=True)]
    start, cpu = time.perf_counter(), time.process_time()
    for text in signed:
        hashlib.md5(text).hexdigest()
    return {"contender": "floor", "seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
            "bytes": sum(map(len, signed))}


def run_one(name, n_goods, cache):
    import skuwire
    if name == "floor":
        return run_floor(n_goods, cache)
    table = cached_table(n_goods, cache)
    table_bytes = table.nbytes
    if name == "arrow":
        data = table
    elif name == "polars":
        import polars as pl
        data = pl.from_arrow(table)
    elif name == "pandas":
        import pandas as pd
        data = table.to_pandas(types_mapper=pd.ArrowDtype)
    elif name == "dicts":
        data = table.to_pylist()
    elif name == "nested":
        data = nested_goods(table.to_pylist())
    else:
        data = table
    nest = None if name in ("nested", "todict") else True
    if name in ("dicts", "nested"):
        del table
    client = skuwire.Flagship("bench_sid", "bench_key", "bench_secret:bench_salt", base_url=skuwire.FLAGSHIP_TEST_URL)
    import gc
    gc.collect()
    holding = rss_now()
    # Reset the peak (VmHWM) so it covers the plan alone.
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    start = time.perf_counter()
    cpu = time.process_time()
    if name == "todict":
        data = nested_goods(data.to_pylist())
    plan = client.plan(OP, data, on_invalid="skip", nest=nest)
    batches = goods = body_bytes = 0
    signatures = hashlib.sha256()
    for batch in plan:
        request = batch.sign(timestamp=1_700_000_000)
        body_bytes += len(request.body)
        signatures.update(request.sign.encode())
        goods += len(batch)
        batches += 1
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    assert not plan.invalid, plan.invalid[:3]
    assert goods == n_goods, (goods, n_goods)
    peak = peak_rss()
    return {"contender": name, "seconds": seconds, "cpu_seconds": cpu, "goods": goods, "batches": batches, "body_bytes": body_bytes,
            "table_bytes": table_bytes, "rss_holding_input": holding, "peak_rss": peak, "peak_over_input": peak - holding,
            "signatures": signatures.hexdigest()}


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000, help="SKU rows (5 per goods)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--run", choices=CONTENDERS, help="run one contender in this process")
    ap.add_argument("--only", nargs="*", choices=CONTENDERS, default=list(CONTENDERS))
    ap.add_argument("--cache", default=str(Path(__file__).resolve().parents[2] / "target" / "bench"), help="where the table's IPC file is kept")
    args = ap.parse_args()
    n_goods = args.rows // catalog.SPECS_PER_GOODS
    Path(args.cache).mkdir(parents=True, exist_ok=True)
    if args.run:
        print(json.dumps(run_one(args.run, n_goods, args.cache)))
        return
    cached_table(n_goods, args.cache)
    results = {}
    for _ in range(args.rounds):
        # Interleaved, so a change in the machine's load touches every contender.
        for name in args.only:
            out = subprocess.run([sys.executable, __file__, "--run", name, "--rows", str(args.rows), "--cache", args.cache], capture_output=True, text=True)
            if out.returncode != 0:
                sys.stderr.write(out.stderr)
                raise SystemExit(f"{name} failed")
            results.setdefault(name, []).append(json.loads(out.stdout))
    # Honesty: every contender sent the same calls, byte for byte (their
    # signatures cover every body).
    digests = {r["signatures"] for runs in results.values() for r in runs if "signatures" in r}
    if len(digests) != 1:
        raise SystemExit(f"the contenders signed different requests: {digests}")
    summary = {"rows": args.rows, "goods": n_goods, "rounds": args.rounds, "load": open("/proc/loadavg").read().split()[:3],
               "signatures": digests.pop()}
    for name, runs in results.items():
        if name == "floor":
            summary[name] = {"median_seconds": median(r["seconds"] for r in runs), "median_cpu_seconds": median(r["cpu_seconds"] for r in runs), "bytes": runs[0]["bytes"]}
            continue
        summary[name] = {"median_seconds": median(r["seconds"] for r in runs), "seconds": [round(r["seconds"], 3) for r in runs],
                         "median_cpu_seconds": median(r["cpu_seconds"] for r in runs),
                         "peak_over_input_mb": round(max(r["peak_over_input"] for r in runs) / 2**20, 1),
                         "table_mb": round(runs[0]["table_bytes"] / 2**20, 1), "rss_holding_input_mb": round(runs[0]["rss_holding_input"] / 2**20, 1),
                         "peak_rss_mb": round(max(r["peak_rss"] for r in runs) / 2**20, 1), "batches": runs[0]["batches"], "body_bytes": runs[0]["body_bytes"]}
    if "arrow" in results:
        # Against Arrow's time: wall clock, and CPU time of the process (all
        # threads), which a loaded machine moves far less.
        a, ac = summary["arrow"]["median_seconds"], summary["arrow"]["median_cpu_seconds"]
        for name in results:
            summary[name]["vs_arrow"] = round(summary[name]["median_seconds"] / a, 2)
            summary[name]["cpu_vs_arrow"] = round(summary[name]["median_cpu_seconds"] / ac, 2)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
