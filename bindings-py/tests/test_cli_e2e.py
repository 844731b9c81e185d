"""The command line (urllib) against the shipped sandbox: every injected
fault, the rejected-rows report naming the right rows with the server's
reason, nothing lost or pushed twice (checked in the sandbox's request log
and store), a push and a pull killed with SIGKILL and resumed, and a call
that is not an upsert never resent after a lost answer."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path
from collections import Counter
from typing import Any, Callable, Dict, Iterator, List, Set

import skuwire

from test_cli import CREDS, SECRETS, Run, cli, jsonl, sandbox_env, sb, write  # noqa: F401 (fixtures)
from test_e2e import assert_each_row_answered_once, batchpush_keys, wait_for_log

# Client timeout for the CLI, and how long a "timeout" fault holds a request.
TIMEOUT = "0.5"
DELAY = 1.0
FAST = ("--backoff-base", "0.01", "--timeout", TIMEOUT)


def goods(n: int, prefix: str = "G") -> List[Dict[str, Any]]:
    return [{"goods_no": "%s%02d" % (prefix, i), "goods_name": "保温杯%d号" % i,
             "spec_list": [{"spec_no": "%s%02d-1" % (prefix, i), "retail_price": "59.90"}]} for i in range(n)]


def report(path: Path) -> List[Dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def no_secret_in(*texts: str) -> bool:
    return not [s for s in SECRETS for t in texts if s in t]


def test_push_follows_every_refusal_and_reports_the_refused_row(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    for kind, options in [("rate_limit", {}), ("rate_limit", {"http_status": 429}), ("clock_skew", {}),
                          ("http_502_html", {}), ("empty_body", {}), ("timeout", {"delay": DELAY})]:
        sb.inject(kind, method="goods.Goods.batchPush", **options)
    sb.inject("partial_failure", method="goods.Goods.batchPush", indices=[2])
    rows = goods(12)
    rows[4]["goods_name"] = ""  # invalid: reported, never sent
    path = jsonl(tmp_path / "goods.jsonl", rows)
    r = cli("push", path, "--op", "goods.Goods.batchPush", "--max-items", "5", "--max-retries", "8", *FAST,
            "--report", "rep.jsonl", "--summary-json", "sum.json", env=sandbox_env(sb))
    assert r.code == 1, r.text
    s = json.loads((tmp_path / "sum.json").read_text(encoding="utf-8"))
    assert s["retries"] == {"backoff": 2, "resign": 1, "resend": 3}
    assert (s["batches"], s["calls"], s["sent"], s["accepted"], s["rejected"], s["invalid"]) == (3, 9, 11, 10, 1, 1)
    # The third item of the first call is input row 2 (row 4, invalid, was never in a call;
    # it is named by its goods_no, the operation's item key, like a rejected row).
    assert [(x["row"], x["line"], x["stage"], x["key"], x["message"]) for x in report(tmp_path / "rep.jsonl")] == [
        (4, 5, "invalid", "G04", "goods_name: String should have at least 1 character(s)"),
        (2, 3, "rejected", "G02", "分类不存在")]
    log = wait_for_log(sb, 9)
    assert len(log) == 9
    assert_each_row_answered_once(log, batchpush_keys, ["G%02d" % i for i in range(12) if i != 4])
    assert sorted(g["goods_no"] for g in sb.snapshot()["goods"]) == ["G%02d" % i for i in range(12) if i not in (2, 4)]
    assert no_secret_in(r.text, (tmp_path / "rep.jsonl").read_text(encoding="utf-8"))


def api_goods_keys(entry: Dict[str, Any]) -> List[str]:
    (envelope,) = json.loads(base64.b64decode(entry["body_b64"]))
    return ["%s/%s" % (envelope["shop_no"], g["goods_id"]) for g in envelope["goods_list"]]


def test_lost_answers_of_an_upsert_are_resent_and_stored_once(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    for kind, options in [("http_502_html", {"applied": True}), ("empty_body", {"applied": True}),
                          ("timeout", {"applied": True, "delay": DELAY})]:
        sb.inject(kind, method="goods.ApiGoods.upload", **options)
    lines = ["shop_no,goods_id,spec_id,goods_name,price,stock_num"]
    lines += ["SHOP-A,a%02d,0,商品%d,9.90,%d" % (i, i, i) for i in range(8)]
    lines += ["CLOSED-1,c%d,0,旧店商品,1.00,1" % i for i in range(2)]  # a shop the platform refuses
    path = write(tmp_path / "api.csv", "\n".join(lines) + "\n")
    r = cli("push", path, "--op", "goods.ApiGoods.upload", "--max-items", "4", *FAST, "--report", "rep.csv",
            "--summary-json", "sum.json", env=sandbox_env(sb))
    assert r.code == 1, r.text
    s = json.loads((tmp_path / "sum.json").read_text(encoding="utf-8"))
    assert (s["accepted"], s["rejected"], s["retries"]) == (8, 2, {"resend": 3})
    rep = (tmp_path / "rep.csv").read_text(encoding="utf-8").splitlines()
    assert rep[0] == "op,row,line,stage,key,message,reason,code,http_status,errors"
    assert rep[1:] == ["goods.ApiGoods.upload,%d,%d,rejected,c%d,店铺不存在/无权限/类型错误,business_error,100,200," % (8 + i, 10 + i, i)
                       for i in range(2)]
    log = wait_for_log(sb, 3 + 3)
    keys = ["SHOP-A/a%02d" % i for i in range(8)] + ["CLOSED-1/c0", "CLOSED-1/c1"]
    # Each row answered once; a row in a call whose answer was lost was stored by that call and again by the resend.
    # (The closed shop's call is refused, maybe after a fault answered it first: a
    # call that waits for its retry does not hold up the next one.)
    assert_each_row_answered_once([e for e in log if "rejected" not in e["verdict"]], api_goods_keys, keys[:8])
    stored = sorted("%s/%s" % (g["shop_no"], g["goods_id"]) for g in sb.snapshot()["api_goods"])
    assert stored == keys[:8]


def single(codeno: str) -> Dict[str, Any]:
    return {"base_name": "单规格 " + codeno, "codeno": codeno, "price": "3.50", "category": "杂货", "status": 1,
            "main_image": "http://img.example/%s.jpg" % codeno, "spec_mode": 0,
            "single_res": {"codeno": codeno + "-1", "stock": 7, "price": "3.50"}}


def add_goods_keys(entry: Dict[str, Any]) -> List[str]:
    form = dict(urllib.parse.parse_qsl(base64.b64decode(entry["body_b64"]).decode("ascii")))
    return [g["codeno"] for g in json.loads(form["goods_res"])]


def test_a_lost_answer_of_a_create_is_never_resent_unless_asked(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    sb.inject("timeout", method="addGoods", applied=True, delay=DELAY)
    path = jsonl(tmp_path / "new.jsonl", [single("A1"), single("A2")])
    args = ("push", path, "--op", "addGoods", *FAST, "--report", "rep.jsonl", "--summary-json", "sum.json")
    r = cli(*args, env=sandbox_env(sb))
    assert r.code == 3, r.text  # incomplete: the outcome is unknown
    assert [(x["row"], x["stage"], x["key"]) for x in report(tmp_path / "rep.jsonl")] == [(0, "unknown", "A1"), (1, "unknown", "A2")]
    assert all("not resent" in x["message"] for x in report(tmp_path / "rep.jsonl"))
    assert len(wait_for_log(sb, 1)) == 1
    # Again: the journal knows the outcome is unknown; nothing is sent.
    r = cli(*args, env=sandbox_env(sb))
    assert r.code == 3 and json.loads((tmp_path / "sum.json").read_text())["skipped_unknown"] == 2
    assert [x["stage"] for x in report(tmp_path / "rep.jsonl")] == ["unknown", "unknown"]
    time.sleep(0.2)
    assert len(sb.requests()) == 1
    # After checking the platform, the user asks to send them again: the platform itself says they exist.
    r = cli(*args, "--resend-unknown", env=sandbox_env(sb))
    assert r.code == 1, r.text
    assert [(x["row"], x["stage"], x["key"], x["message"]) for x in report(tmp_path / "rep.jsonl")] == [
        (0, "rejected", "A1", "codeno_exists"), (1, "rejected", "A2", "codeno_exists")]
    assert [add_goods_keys(e) for e in sb.requests()] == [["A1", "A2"], ["A1", "A2"]]
    assert sorted(g["codeno"] for g in sb.snapshot()["ym_goods"]) == ["A1", "A2"]


def _subprocess_env(sb: Any) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKUWIRE_")}
    env.update(sandbox_env(sb))
    return env


@contextlib.contextmanager
def _running(args: List[str], sb: Any, cwd: Path) -> Iterator["subprocess.Popen[bytes]"]:
    """`python -m skuwire ARGS` in the background; never left running."""
    with open(cwd / "background.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "skuwire", *args], env=_subprocess_env(sb), cwd=cwd,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=20)


def _wait(what: Callable[[], bool], proc: "subprocess.Popen[bytes]", timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while not what():
        assert proc.poll() is None, "the command ended before it could be killed (exit %s)" % proc.returncode
        assert time.time() < deadline, "timed out"
        time.sleep(0.05)


def _journal(path: Path, state: str) -> Set[int]:
    """Positions (here: rows, all valid) the push journal shows `accepted`,
    or `sent` without an answer yet."""
    if not path.exists():
        return set()
    sent: Dict[int, List[int]] = {}
    accepted: Set[int] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            e = json.loads(line)
        except ValueError:  # a line being written
            continue
        if e["event"] == "send":
            sent[e["call"]] = e["positions"]
        elif e["event"] == "answer":
            sent.pop(e["call"], None)
            accepted.update(e["accepted"])
    return accepted if state == "accepted" else {p for ps in sent.values() for p in ps}


def test_a_push_killed_mid_run_resumes_without_pushing_accepted_rows_again(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    # Slow answers (processed on arrival, answered 0.25 s later) so the kill lands mid-run.
    sb.inject("timeout", times=1000, method="goods.Goods.batchPush", mode="late", delay=0.25)
    rows = goods(40)
    path = jsonl(tmp_path / "goods.jsonl", rows)
    journal = tmp_path / "push.journal"
    args = ["push", path, "--op", "goods.Goods.batchPush", "--max-items", "2", "--journal", str(journal),
            "--report", str(tmp_path / "rep.jsonl"), "--summary-json", str(tmp_path / "sum.json")]
    with _running(args, sb, tmp_path) as proc:
        _wait(lambda: len(_journal(journal, "accepted")) >= 6, proc)
        proc.kill()  # SIGKILL: no cleanup, no flush
        proc.wait(timeout=20)
    accepted_before = _journal(journal, "accepted")
    in_flight = _journal(journal, "sent")
    assert 6 <= len(accepted_before) < 40 and len(in_flight) <= 2
    sb.clear_faults()
    time.sleep(0.4)  # let the request in flight at the kill finish on the server
    mark = max(e["id"] for e in sb.requests())

    r = cli(*args, env=sandbox_env(sb))
    assert r.code == 0, r.text
    later = [e for e in sb.requests() if e["id"] > mark]
    resent = {int(k[1:]) for e in later for k in batchpush_keys(e)}
    assert resent.isdisjoint(accepted_before)
    assert resent == set(range(40)) - accepted_before  # the rest, including the batch in flight (an upsert)
    s = json.loads((tmp_path / "sum.json").read_text(encoding="utf-8"))
    assert (s["already_accepted"], s["accepted"]) == (len(accepted_before), 40 - len(accepted_before))
    assert sorted(g["goods_no"] for g in sb.snapshot()["goods"]) == [g["goods_no"] for g in rows]
    # A third run sends nothing at all.
    r = cli(*args, env=sandbox_env(sb))
    assert r.code == 0 and json.loads((tmp_path / "sum.json").read_text())["calls"] == 0


def _load_api_goods(sb: Any, n: int) -> None:
    client = skuwire.Flagship(**{k: CREDS["flagship"][k] for k in ("sid", "appkey", "appsecret")}, base_url=sb.flagship_url)
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    rows = [{"shop_no": "SHOP-A", "goods_id": "g%03d" % i, "spec_id": "0", "goods_name": "商品%d" % i,
             "price": Decimal("9.90"), "stock_num": i} for i in range(n)]
    for batch in client.plan("goods.ApiGoods.upload", rows):
        req = batch.sign()
        with opener.open(urllib.request.Request(req.url, data=req.body, headers=req.headers, method=req.method), timeout=10) as resp:
            assert batch.parse(resp.status, resp.read()).ok


def test_pull_through_every_fault_writes_every_row_once(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    _load_api_goods(sb, 130)
    for kind, options in [("rate_limit", {}), ("rate_limit", {"http_status": 429}), ("http_502_html", {}), ("empty_body", {}),
                          ("timeout", {"delay": DELAY}), ("clock_skew", {})]:
        sb.inject(kind, method="vip_api_goods_query.php", **options)
    now = int(time.time())
    r = cli("pull", "--op", "vip_api_goods_query.php", "--since", str(now - 600), "--until", str(now + 600),
            "--page-size", "50", "--max-retries", "8", *FAST, "--out", "rows.jsonl", "--summary-json", "sum.json", env=sandbox_env(sb))
    assert r.code == 0, r.text
    s = json.loads((tmp_path / "sum.json").read_text(encoding="utf-8"))
    assert (s["pages"], s["calls"], s["retries"], s["done"]) == (3, 9, {"backoff": 2, "resend": 3, "resign": 1}, True)
    rows = [json.loads(x) for x in (tmp_path / "rows.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(x["api_goods_id"] for x in rows) == ["g%03d" % i for i in range(130)]
    # Decimals as exact strings, datetimes ISO 8601 in Beijing time.
    assert rows[0]["price"] == "9.9000" and rows[0]["modified"].endswith("+08:00")
    assert no_secret_in(r.text, (tmp_path / "rows.jsonl.state.json").read_text(encoding="utf-8"))


def test_a_pull_killed_mid_run_resumes_without_losing_or_repeating_rows(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    _load_api_goods(sb, 250)
    sb.inject("timeout", times=1000, method="vip_api_goods_query.php", mode="late", delay=0.2)
    now = int(time.time())
    out, state = tmp_path / "rows.jsonl", tmp_path / "rows.state"
    args = ["pull", "--op", "vip_api_goods_query.php", "--since", str(now - 600), "--until", str(now + 600),
            "--page-size", "20", "--out", str(out), "--state", str(state), "--summary-json", str(tmp_path / "sum.json")]
    with _running(args, sb, tmp_path) as proc:
        _wait(lambda: state.exists() and json.loads(state.read_text(encoding="utf-8"))["rows"] >= 60, proc)
        proc.kill()
        proc.wait(timeout=20)
    # As if the process had died after writing a page but before saving the state.
    with open(out, "ab") as f:
        f.write(b'{"rec_id": 1, "api_goods_id": "g000", "half a row')
    sb.clear_faults()
    r = cli(*args, env=sandbox_env(sb))
    assert r.code == 0, r.text
    s = json.loads((tmp_path / "sum.json").read_text(encoding="utf-8"))
    assert s["resumed"] and s["done"] and s["rows_total"] == 250 and 0 < s["rows_written"] < 250
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(x["api_goods_id"] for x in rows) == ["g%03d" % i for i in range(250)]
    # Finished: the same command again asks for nothing.
    r = cli(*args, env=sandbox_env(sb))
    assert r.code == 0 and json.loads((tmp_path / "sum.json").read_text())["calls"] == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 250


def test_a_refused_query_exits_1_with_the_platform_reason(cli: Callable[..., Run], sb: Any) -> None:
    env = dict(sandbox_env(sb), SKUWIRE_ENTERPRISE_APPSECRET="Not-The-Secret-3")
    r = cli("pull", "--op", "vip_api_goods_query.php", "--since", "2024-01-01 00:00:00", "--until", "2024-01-02 00:00:00",
            "--out", "rows.jsonl", env=env)
    assert r.code == 1
    assert "skuwire: the platform refused the query: 签名错误 (auth_error)" in r.err
    assert "Not-The-Secret-3" not in r.text


def test_the_progress_bar_is_drawn_on_a_terminal_only(sb: Any, tmp_path: Path) -> None:
    import pty

    path = jsonl(tmp_path / "goods.jsonl", goods(30))
    argv = [sys.executable, "-m", "skuwire", "push", path, "--op", "goods.Goods.batchPush", "--max-items", "5"]
    master, slave = pty.openpty()
    try:
        done = subprocess.run(argv, env=_subprocess_env(sb), cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, timeout=60)
        os.close(slave)
        slave = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    assert done.returncode == 0
    assert b"\rgoods.Goods.batchPush  [" in drawn and b"] 30/30 rows  6 calls  " in drawn
    # Rate and time left, then the total time.
    assert b" rows/s  ETA " in drawn and b" rows/s  done in " in drawn
    piped = subprocess.run(argv, env=_subprocess_env(sb), cwd=tmp_path, capture_output=True, timeout=60)
    assert piped.returncode == 0 and piped.stderr == b""  # nothing but the summary on stdout


def test_an_expired_credential_is_reported_not_retried(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    sb.inject("expired_credential", method="addGoods")
    path = jsonl(tmp_path / "new.jsonl", [single("E1"), single("E2")])
    r = cli("push", path, "--op", "addGoods", *FAST, "--report", "rep.jsonl", "--summary-json", "sum.json", env=sandbox_env(sb))
    assert r.code == 1, r.text
    assert [(x["row"], x["stage"], x["message"]) for x in report(tmp_path / "rep.jsonl")] == [
        (0, "rejected", "token_expired"), (1, "rejected", "token_expired")]
    assert json.loads((tmp_path / "sum.json").read_text())["calls"] == 1
    sb.inject("expired_credential", method="goods.Goods.batchPush")
    path = jsonl(tmp_path / "goods.jsonl", goods(3))
    r = cli("push", path, "--op", "goods.Goods.batchPush", *FAST, "--report", "rep2.jsonl", "--summary-json", "sum2.json",
            env=sandbox_env(sb))
    assert r.code == 1, r.text
    assert {x["message"] for x in report(tmp_path / "rep2.jsonl")} == {"appkey已过期"}
    assert json.loads((tmp_path / "sum2.json").read_text())["calls"] == 1


def test_a_create_killed_at_a_random_answer_is_never_sent_twice(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    """YMCart addGoods is not an upsert: killed with SIGKILL after a random
    number of answers and run again, no goods is created twice, and the
    calls in flight at the kill are reported unknown."""
    import random

    kill_after = random.randint(1, 10)
    sb.inject("timeout", times=1000, method="addGoods", mode="late", delay=0.15)
    rows = [single("K%02d" % i) for i in range(30)]
    path = jsonl(tmp_path / "new.jsonl", rows)
    journal = tmp_path / "push.journal"
    args = ["push", path, "--op", "addGoods", "--max-items", "2", "--concurrency", "2", "--journal", str(journal),
            "--report", str(tmp_path / "rep.jsonl"), "--summary-json", str(tmp_path / "sum.json")]
    with _running(args, sb, tmp_path) as proc:
        _wait(lambda: len(_journal(journal, "accepted")) >= 2 * kill_after, proc)
        proc.kill()
        proc.wait(timeout=20)
    accepted_before = _journal(journal, "accepted")
    in_flight = _journal(journal, "sent")
    assert in_flight, "killed after %d answers with nothing in flight" % kill_after
    sb.clear_faults()
    time.sleep(0.4)  # the calls in flight at the kill finish on the server
    r = cli(*args, env=sandbox_env(sb))
    assert r.code == 3, r.text  # incomplete: the calls in flight at the kill are unknown
    rep = report(tmp_path / "rep.jsonl")
    assert sorted(x["row"] for x in rep if x["stage"] == "unknown") == sorted(in_flight)
    created = Counter(k for e in sb.requests() for k in (e.get("applied") or []))
    assert all(n == 1 for n in created.values()), "created twice (killed after %d answers)" % kill_after
    # Every other row created once; a call in flight at the kill may or may not have reached the platform.
    assert set(created) - {"K%02d" % i for i in in_flight} == {"K%02d" % i for i in range(30)} - {"K%02d" % i for i in in_flight}
    s = json.loads((tmp_path / "sum.json").read_text(encoding="utf-8"))
    assert (s["already_accepted"], s["accepted"], s["skipped_unknown"], s["unknown"]) == (
        len(accepted_before), 30 - len(accepted_before) - len(in_flight), len(in_flight), 0)
    assert all("earlier run" in x["message"] for x in rep if x["stage"] == "unknown")
