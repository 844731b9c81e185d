"""What a user of the command line sees during a long run, and in pipes:
log lines (-v, -q, --log-format json: one record per call, never a secret),
backoff waits that say how long and why, the progress bar of pull (items,
calls, rate, time left) in a pseudo-terminal and nothing of it in a pipe,
``-`` for standard input and output, and ``--max-errors``."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

from test_cli import GOODS_CSV, Run, cli, jsonl, sandbox_env, sb, write  # noqa: F401 (fixtures)
from test_cli_e2e import FAST, _load_api_goods, _subprocess_env, goods, no_secret_in


def run_in_pty(argv: List[str], env: Dict[str, str], cwd: Path, stdin: bytes = b"") -> Tuple[int, bytes, bytes]:
    """Runs ``python -m skuwire ARGV`` with stderr on a pseudo-terminal:
    (exit code, stdout, what the terminal received)."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "skuwire", *argv], env=env, cwd=cwd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        slave = -1
        out, _ = proc.communicate(stdin, timeout=120)
        drawn = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # closed once everything was read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    return proc.returncode, out, drawn


def pull_args(tmp: Path, *extra: str) -> List[str]:
    now = int(time.time())
    return ["pull", "--op", "vip_api_goods_query.php", "--since", str(now - 600), "--until", str(now + 600),
            "--page-size", "20", *extra]


# ------------------------------------------------------------------ progress in a terminal

def test_pull_draws_a_progress_bar_on_a_terminal_only(sb: Any, tmp_path: Path) -> None:
    _load_api_goods(sb, 90)
    env = _subprocess_env(sb)
    code, out, drawn = run_in_pty(pull_args(tmp_path, "--out", "rows.jsonl"), env, tmp_path)
    assert code == 0, drawn
    text = drawn.decode("utf-8")
    frames = [f for f in text.split("\r") if f.strip()]
    # Items, calls, rate and the time left (from the windows and the platform's total).
    assert any(f.startswith("pull vip_api_goods_query.php  ") and " rows  " in f and " calls  " in f and " rows/s  " in f for f in frames), frames
    assert "90 rows  5 calls" in text and "done in " in text
    assert any("ETA " in f and "window 1/1" in f for f in frames), frames
    assert b"pull vip_api_goods_query.php" in out  # the summary, on stdout
    # In a pipe: no bar, nothing on stderr.
    piped = subprocess.run([sys.executable, "-m", "skuwire", *pull_args(tmp_path, "--out", "again.jsonl")],
                           env=env, cwd=tmp_path, capture_output=True, timeout=120)
    assert piped.returncode == 0 and piped.stderr == b""
    # -q and --no-progress turn it off on a terminal too.
    for flag in ("-q", "--no-progress"):
        code, _, drawn = run_in_pty(pull_args(tmp_path, "--out", "q%s.jsonl" % flag, flag), env, tmp_path)
        assert code == 0 and b" rows/s" not in drawn, drawn


# ------------------------------------------------------------------ log lines

def test_verbose_json_log_has_one_record_per_call_and_no_secret(sb: Any, tmp_path: Path) -> None:
    _load_api_goods(sb, 45)
    sb.inject("rate_limit", method="vip_api_goods_query.php")
    env = _subprocess_env(sb)
    code, out, drawn = run_in_pty(pull_args(tmp_path, "--out", "rows.jsonl", "-v", "--log-format", "json", "--no-progress", *FAST),
                                  env, tmp_path)
    assert code == 0, drawn
    lines = [x for x in drawn.decode("utf-8").replace("\r\n", "\n").split("\n") if x.strip()]
    records = [json.loads(x) for x in lines]  # every line is a JSON record
    calls = [r for r in records if r["event"] == "call"]
    assert len(calls) == 4  # a refused page, then the three pages
    for r in calls:
        assert {"time", "level", "message", "op", "window", "page", "attempt", "status", "outcome", "retry", "latency_ms"} <= set(r), r
        assert r["op"] == "vip_api_goods_query.php" and r["level"] == "info" and isinstance(r["latency_ms"], int)
    first = calls[0]
    assert (first["attempt"], first["status"], first["retry"], first["reason"]) == (1, 200, "backoff", "rate_limited")
    assert (calls[1]["attempt"], calls[1]["page"], calls[1]["retry"], calls[1]["outcome"]) == (2, 0, "no", "success")
    (wait,) = [r for r in records if r["event"] == "backoff"]
    assert wait["level"] == "warning" and wait["retry"] == "backoff" and wait["next_attempt"] == 2 and wait["wait_s"] >= 0
    assert wait["message"].startswith("waiting %.1f s before attempt 2 of vip_api_goods_query.php window 1 page 0: "
                                      "the platform asks us to slow down (rate limited)" % wait["wait_s"])
    assert no_secret_in(drawn.decode("utf-8"), out.decode("utf-8"))


def test_backoff_waits_are_shown_by_default_and_quiet_hides_them(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    _load_api_goods(sb, 10)
    sb.inject("rate_limit", method="vip_api_goods_query.php")
    sb.inject("empty_body", method="vip_api_goods_query.php")
    r = cli(*pull_args(tmp_path, "--out", "rows.jsonl", *FAST), env=sandbox_env(sb))
    assert r.code == 0, r.text
    waits = [x for x in r.err.splitlines() if x.startswith("skuwire: waiting ")]
    assert len(waits) == 2, r.err
    assert "before attempt 2 of vip_api_goods_query.php window 1 page 0: the platform asks us to slow down (rate limited)" in waits[0]
    assert "before attempt 3 of vip_api_goods_query.php window 1 page 0: the answer was lost or unreadable (empty_body) and the call is safe to repeat" in waits[1]
    assert " wait_s=" in waits[0] and " retry=backoff" in waits[0]
    # In Chinese.
    sb.inject("rate_limit", method="vip_api_goods_query.php")
    r = cli(*pull_args(tmp_path, "--out", "zh.jsonl", "--lang", "zh", *FAST), env=sandbox_env(sb))
    assert r.code == 0 and "平台要求降低频率（限流）" in r.err
    # -q: errors only.
    sb.inject("rate_limit", method="vip_api_goods_query.php")
    r = cli(*pull_args(tmp_path, "--out", "quiet.jsonl", "-q", *FAST), env=sandbox_env(sb))
    assert r.code == 0 and r.err == ""


def test_verbose_text_log_lines_interleave_with_the_progress_bar(sb: Any, tmp_path: Path) -> None:
    _load_api_goods(sb, 45)
    code, _, drawn = run_in_pty(pull_args(tmp_path, "--out", "rows.jsonl", "-v"), _subprocess_env(sb), tmp_path)
    assert code == 0
    text = drawn.decode("utf-8")
    calls = [x for x in text.replace("\r\n", "\n").split("\n") if "skuwire: call vip_api_goods_query.php" in x]
    assert len(calls) == 3
    for line in calls:
        # A log line starts on a cleared line (the bar erased first), never glued to a bar.
        after_bar = line.rsplit("\r", 1)[-1]
        assert after_bar.startswith("skuwire: call vip_api_goods_query.php window 1 page "), repr(line)
        assert "attempt 1: HTTP 200, success (retry: no, " in after_bar and "[op=vip_api_goods_query.php" in after_bar


# ------------------------------------------------------------------ pipes

def test_pull_to_standard_output(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    _load_api_goods(sb, 30)
    r = cli(*pull_args(tmp_path, "--out", "-", "--summary-json", "-"), env=sandbox_env(sb))
    assert r.code == 0, r.err
    rows = [json.loads(x) for x in r.out.splitlines()]
    assert sorted(x["api_goods_id"] for x in rows) == ["g%03d" % i for i in range(30)]
    assert "pull vip_api_goods_query.php → -" in r.err and '"rows_written": 30' in r.err  # the summary is not data
    assert not list(tmp_path.glob("*.state.json"))
    r = cli(*pull_args(tmp_path, "--out", "-", "--state", "s.json"), env=sandbox_env(sb))
    assert r.code == 2 and "cannot be resumed" in r.err


def stdin_cli(cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, data: bytes, *argv: str, env: Any = None) -> Run:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    return cli(*argv, env=env)


def test_validate_and_push_read_standard_input(cli: Callable[..., Run], sb: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = goods(4)
    rows[1]["goods_name"] = ""
    lines = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows).encode("utf-8")
    # JSON Lines from a pipe (told by its first character), line numbers kept.
    r = stdin_cli(cli, monkeypatch, lines, "validate", "-", "--op", "goods.Goods.batchPush")
    assert r.code == 1
    assert r.out.startswith("row 1 (line 2) goods_name: String should have at least 1 character(s) [string_too_short]")
    assert "<stdin>: 1 of 4 rows invalid (1 errors)" in r.out
    # CSV and a JSON array are told apart the same way; --format overrides.
    r = stdin_cli(cli, monkeypatch, GOODS_CSV.encode("utf-8"), "validate", "-", "--op", "goods.Goods.batchPush")
    assert r.code == 0 and "<stdin>: all 2 rows valid" in r.out
    r = stdin_cli(cli, monkeypatch, json.dumps(goods(2)).encode(), "validate", "-", "--op", "goods.Goods.batchPush")
    assert r.code == 0 and "all 2 rows valid" in r.out
    # push reads the same stream.
    r = stdin_cli(cli, monkeypatch, lines, "push", "-", "--op", "goods.Goods.batchPush", "--no-journal", "--report", "rep.jsonl",
                  env=sandbox_env(sb))
    assert r.code == 1 and "accepted            3" in r.out, r.text
    # The summary as JSON on stdout (the human one on stderr); a stream's report is named "stdin".
    r = stdin_cli(cli, monkeypatch, lines, "push", "-", "--op", "goods.Goods.batchPush", "--summary-json", "-", env=sandbox_env(sb))
    summary = json.loads(r.out)
    assert r.code == 1 and (summary["accepted"], summary["invalid"], summary["input"]) == (3, 1, "-")
    assert "accepted " in r.err and (tmp_path / "stdin.goods.Goods.batchPush.report.jsonl").exists()


def test_max_errors_stops_the_listing(cli: Callable[..., Run], sb: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = goods(10)
    for i in range(0, 10, 2):
        rows[i]["goods_name"] = ""
    stream = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows).encode("utf-8")
    # A file in another format is validated whole; the listing stops at N.
    path = write(tmp_path / "goods.json", json.dumps(rows, ensure_ascii=False))
    r = cli("validate", path, "--op", "goods.Goods.batchPush", "--max-errors", "2")
    assert r.code == 1
    listed = [x for x in r.out.splitlines() if x.startswith("row ")]
    assert [x.split(" ")[1] for x in listed] == ["0", "2"]
    assert "5 of 10 rows invalid (5 errors)" in r.out
    assert "listed the first 2 of 5 errors (--max-errors 2)" in r.err
    # JSON Lines (a file or a pipe) is read only until N errors are known.
    r = stdin_cli(cli, monkeypatch, stream, "validate", "-", "--op", "goods.Goods.batchPush", "--max-errors", "3", "--output-format", "jsonl")
    assert [json.loads(x)["row"] for x in r.out.splitlines()] == [0, 2, 4]
    assert "stopped reading <stdin> at line 5 after 3 errors (--max-errors 3); rows after it were not checked" in r.err
    r = stdin_cli(cli, monkeypatch, stream, "validate", "-", "--op", "goods.Goods.batchPush", "--max-errors", "0")
    assert r.code == 2 and "--max-errors must be at least 1" in r.err
    # explain-sign: a JSON Lines stream, its errors cut at N, the valid rows signed.
    r = stdin_cli(cli, monkeypatch, stream, "explain-sign", "--op", "goods.Goods.batchPush", "-", "--max-errors", "1",
                  "--timestamp", "1700000000", "--json", env=sandbox_env(sb))
    assert r.code == 0, r.err
    assert [x for x in r.err.splitlines() if x.startswith("row ")] == [
        "row 0 (line 1) goods_name: String should have at least 1 character(s) [string_too_short] input=\"\""]
    assert "listed the first 1 of 5 errors (--max-errors 1)" in r.err
    assert json.loads(r.out)["call"].endswith("batch 1 of 1, 5 items")


def test_max_errors_stops_reading_a_long_stream(cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long JSON Lines stream with early mistakes is not read to its end;
    the rows read are judged by every rule, uniqueness across them included."""
    rows = goods(20000)
    rows[1]["goods_name"] = ""
    rows[3]["spec_list"][0]["spec_no"] = rows[0]["spec_list"][0]["spec_no"]  # a repeated merchant code
    rows[6]["spec_list"][0]["retail_price"] = "1.23456"
    stream = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows).encode("utf-8")
    buffer = io.BytesIO(stream)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(buffer, encoding="utf-8"))
    r = cli("validate", "-", "--op", "goods.Goods.batchPush", "--max-errors", "3", "--output-format", "jsonl")
    assert r.code == 1
    found = [(x["row"], x["type"]) for x in map(json.loads, r.out.splitlines())]
    assert (1, "string_too_short") in found and (6, "decimal_max_places") in found
    assert any(row == 3 and kind == "duplicate_key" for row, kind in found), found
    assert "stopped reading <stdin> at line 7 after" in r.err
    # Reading stopped long before the end of the stream.
    assert buffer.tell() < len(stream) // 10
    # Without --max-errors the whole stream is read and every error listed.
    buffer = io.BytesIO(stream[: len(stream) // 100])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(buffer, encoding="utf-8"))
    r = cli("validate", "-", "--op", "goods.Goods.batchPush", "--output-format", "jsonl")
    assert r.code == 1 and buffer.tell() == len(buffer.getvalue()) and "stopped" not in r.err


def test_push_logs_every_call_and_says_why_it_waits(sb: Any, tmp_path: Path) -> None:
    """push on the core's driver: one JSON record per call (op, batch,
    attempt, status, retry, latency), the backoff wait with how long and
    why, the progress bar with rate and time left — and no secret."""
    sb.inject("rate_limit", method="goods.Goods.batchPush")
    path = jsonl(tmp_path / "goods.jsonl", goods(12))
    argv = ["push", path, "--op", "goods.Goods.batchPush", "--max-items", "5", "-v", "--log-format", "json", "--no-journal", *FAST]
    code, out, drawn = run_in_pty(argv, _subprocess_env(sb), tmp_path)
    assert code == 0, drawn
    # Each record on its own line, after the progress bar was cleared.
    lines = [x.rsplit("\r", 1)[-1] for x in drawn.decode("utf-8").replace("\r\n", "\n").split("\n")]
    records = [json.loads(x) for x in lines if x.startswith("{")]
    calls = [r for r in records if r["event"] == "call"]
    assert len(calls) == 4, records  # three batches, one of them twice
    frames = drawn.decode("utf-8")
    assert " rows/s  " in frames and "] 12/12 rows  4 calls  " in frames  # the bar: rows, calls, rate
    for r in calls:
        assert {"op", "batch", "rows", "attempt", "status", "outcome", "retry", "latency_ms"} <= set(r), r
        assert r["op"] == "goods.Goods.batchPush" and r["status"] == 200
    refused = [r for r in calls if r["retry"] == "backoff"]
    assert len(refused) == 1 and refused[0]["attempt"] == 1 and refused[0]["reason"] == "rate_limited"
    again = [r for r in calls if r["batch"] == refused[0]["batch"] and r["attempt"] == 2]
    assert len(again) == 1 and again[0]["retry"] == "no"
    waits = [r for r in records if r["event"] == "backoff"]
    assert len(waits) == 1 and waits[0]["batch"] == refused[0]["batch"] and waits[0]["next_attempt"] == 2
    assert "the platform asks us to slow down (rate limited)" in waits[0]["message"]
    assert no_secret_in(drawn.decode("utf-8"), out.decode("utf-8"))
