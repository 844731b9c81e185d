"""The shared hostile-input corpus (tests/hostile/corpus.json) through the
Python package, then secrets and panics.

Every case must end in the library's own answer — error records, a
`SkuwireError`/`ValidationError` with records of the expected type and
location, or an `Outcome` — never a crash, a `PanicException`, a plain
`TypeError` from the glue, or a hang; and the package must keep working
afterwards. Cases that find a bug stay in, marked xfail(strict=True) in
KNOWN_BUGS with what is wrong, so the fix turns them into passes.
"""

from __future__ import annotations

import io
import json
import logging
import os
import pickle
import re
import threading
import time
import traceback
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import skuwire
from skuwire.cli import main as cli_main
from skuwire.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
CORPUS = json.loads((ROOT / "tests" / "hostile" / "corpus.json").read_text(encoding="utf-8"), parse_float=Decimal)
CASES: List[Dict[str, Any]] = CORPUS["cases"]
HOST = "py"
RECORD_KEYS = {"type", "loc", "msg", "msg_zh", "input", "ctx"}
CJK = re.compile("[\u4e00-\u9fff]")

# Cases this package gets wrong today. Each stays in the run, expected to
# fail (strictly: a fix makes the test fail until the entry is removed).
KNOWN_BUGS: Dict[str, str] = {}

FLAGSHIP_ARGS = ("hostile-sid", "hostile-key", "HostileSecret1:HostileSalt2")


def client_for(platform: str) -> skuwire.Client:
    if platform == "flagship":
        return skuwire.Flagship(*FLAGSHIP_ARGS, base_url=skuwire.FLAGSHIP_TEST_URL)
    if platform == "enterprise":
        return skuwire.Enterprise("hostile-sid", "hostile-key", "HostileEntSecret3", base_url=skuwire.ENTERPRISE_SANDBOX_URL)
    return skuwire.Ymcart("HostileToken4", base_url="https://shop.example.com/api/{method}")


# ------------------------------------------------------------------ expanding the corpus's directives

def fill(tpl: Any, i: int) -> Any:
    """A template with "{i}" in its strings replaced by the index."""
    if isinstance(tpl, str):
        return tpl.replace("{i}", str(i))
    if isinstance(tpl, list):
        return [fill(x, i) for x in tpl]
    if isinstance(tpl, dict):
        return {k: fill(v, i) for k, v in tpl.items()}
    return tpl


def expand(node: Any) -> Any:
    """A corpus value as the Python value it stands for (see tests/hostile/README.md)."""
    if isinstance(node, list):
        return [expand(x) for x in node]
    if not isinstance(node, dict):
        return node
    if "$nan" in node:
        return float("nan")
    if "$inf" in node:
        return float("inf") * node["$inf"]
    if "$neg_zero" in node:
        return -0.0
    if "$decimal" in node:
        return Decimal(node["$decimal"])
    if "$float" in node:
        return float(node["$float"])
    if "$bigint" in node:
        return int(node["$bigint"])
    if "$lone_surrogate" in node:
        return node.get("before", "") + chr(int(node["$lone_surrogate"], 16)) + node.get("after", "")
    if "$repeat" in node:
        return expand(node["$repeat"]) * node["times"]
    if "$concat" in node:
        parts = [expand(p) for p in node["$concat"]]
        if any(isinstance(p, bytes) for p in parts):
            return b"".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in parts)
        return "".join(parts)
    if "$hex" in node:
        return bytes.fromhex(node["$hex"])
    if "$value" in node:
        return expand(node["$value"])
    if "$object" in node:
        return {expand(k): expand(v) for k, v in node["$object"]}
    if "$nest" in node:
        value = expand(node["leaf"])
        for level in range(node["$nest"]):
            shape = node["shape"]
            as_list = shape == "list" or (shape == "mixed" and level % 2 == 0)
            value = [value] if as_list else {"d": value}
        return value
    if "$items" in node:
        tpl, at = node["template"], node.get("at", {})
        out = [expand(at[str(i)]) if str(i) in at else fill(tpl, i) for i in range(node["$items"])]
        return out + [expand(x) for x in node.get("then", [])]
    assert not any(k.startswith("$") for k in node), f"unknown directive in {list(node)}"
    return {k: expand(v) for k, v in node.items()}


def view(case: Dict[str, Any]) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """(expectation, skip reason) of a case for this host."""
    hosts = case.get("hosts", {})
    mine = hosts.get(HOST) or {}
    if "skip" in mine:
        return None, mine["skip"]
    return mine.get("expect", case["expect"]), None


# ------------------------------------------------------------------ running one case

def observe(case: Dict[str, Any]) -> Dict[str, Any]:
    """Runs a case and describes what happened, whatever it was."""
    op = expand(case["op"]) if isinstance(case["op"], dict) else case["op"]
    try:
        return run(case, op)
    except skuwire.ValidationError as e:
        return {"kind": "error", "exc": e, "code": e.code, "records": e.errors()}
    except skuwire.SkuwireError as e:
        return {"kind": "error", "exc": e, "code": e.code, "records": None}
    except BaseException as e:  # noqa: B902 - a PanicException is a BaseException: that is what we look for
        return {"kind": "crash", "exc": e, "text": "".join(traceback.format_exception(type(e), e, e.__traceback__))}


def payload_of(case: Dict[str, Any]) -> Any:
    if "json" in case:
        text = expand(case["json"])
        # A str with a surrogate cannot become bytes: hand the str itself over.
        try:
            return text.encode("utf-8") if case["call"] == "plan" else text
        except UnicodeEncodeError:
            return text
    return expand(case["input"])


def run(case: Dict[str, Any], op: Any) -> Dict[str, Any]:
    call = case["call"]
    if call == "validate":
        return {"kind": "records", "records": skuwire.validate(op, payload_of(case))}
    platform = skuwire.operation(op).platform
    client = client_for(platform)
    if call == "plan":
        plan = client.plan(op, payload_of(case), case.get("on_invalid", "raise"), **case.get("options", {}))
        batches = [b.indices for b in plan]
        return {"kind": "plan", "batches": batches, "invalid": [(i.index, i.errors) for i in plan.invalid]}
    if call == "query":
        q = client.query(op, expand(case["input"]))
        assert q.next_batch() is not None
        return {"kind": "records", "records": []}
    if call == "parse":
        if "items" in case:
            (batch,) = list(client.plan(op, expand(case["items"])))
        else:
            first = client.query(op, expand(case["params"])).next_batch()
            assert first is not None
            batch = first
        outcome = batch.parse(expand(case["status"]), expand(case["body"]))
        return {"kind": "outcome", "outcome": outcome}
    raise AssertionError(f"unknown call {call}")


def with_timeout(fn: Callable[[], Any], seconds: float) -> Any:
    """Runs fn in a daemon thread: a hang fails the test instead of the suite."""
    box: Dict[str, Any] = {}

    def target() -> None:
        box["value"] = fn()

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"no answer within {seconds} s (a hang)"
    return box["value"]


# ------------------------------------------------------------------ checking

def loc_list(loc: Any) -> List[Any]:
    return list(loc)


def check_record_shape(r: Dict[str, Any]) -> None:
    assert set(r) == RECORD_KEYS, r.keys()
    assert r["type"] in skuwire.ERROR_TYPES
    assert isinstance(r["loc"], tuple)
    assert isinstance(r["msg"], str) and r["msg"] and isinstance(r["msg_zh"], str) and CJK.search(r["msg_zh"]), r
    assert isinstance(r["ctx"], dict)


def match_records(records: List[Dict[str, Any]], wanted: List[Any]) -> None:
    for r in records:
        check_record_shape(r)
    got = sorted((r["type"], json.dumps(loc_list(r["loc"]), ensure_ascii=False)) for r in records)
    simple = [w for w in wanted if isinstance(w, list)]
    detailed = [w for w in wanted if isinstance(w, dict)]
    want = sorted((t, json.dumps(loc, ensure_ascii=False)) for t, loc in simple)
    if not detailed:
        assert got == want, f"records {got} != expected {want}"
        return
    assert len(records) == len(wanted), f"records {got}, expected {wanted}"
    rest = list(records)
    for t, loc in simple:
        hit = next((r for r in rest if r["type"] == t and loc_list(r["loc"]) == loc), None)
        assert hit is not None, f"no {t} at {loc} in {got}"
        rest.remove(hit)
    for w in detailed:
        def fits(r: Dict[str, Any]) -> bool:
            loc = loc_list(r["loc"])
            if r["type"] != w["type"]:
                return False
            if "loc" in w and loc != w["loc"]:
                return False
            if "loc_prefix" in w and loc[: len(w["loc_prefix"])] != w["loc_prefix"]:
                return False
            return "loc_len" not in w or len(loc) == w["loc_len"]
        hit = next((r for r in rest if fits(r)), None)
        assert hit is not None, f"no record like {w} in {got}"
        if "input_len" in w:
            assert len(hit["input"]) == w["input_len"], "the input was shortened"
        rest.remove(hit)


def check(expect: Dict[str, Any], seen: Dict[str, Any]) -> None:
    if seen["kind"] == "crash":
        raise AssertionError(f"not the library's answer but {type(seen['exc']).__name__}:\n{seen['text']}")
    if seen["kind"] == "error":
        e = seen["exc"]
        assert isinstance(e, skuwire.SkuwireError)
        if e.code != "validation":
            assert CJK.search(e.msg_zh), f"msg_zh is not Chinese: {e.msg_zh!r}"
    if "errors" in expect:
        if seen["kind"] == "error":
            assert seen["code"] == "validation" and seen["records"] is not None, seen
        else:
            assert seen["kind"] == "records", seen
        match_records(seen["records"], expect["errors"])
    elif "error" in expect:
        assert seen["kind"] == "error", f"expected an error, got {seen['kind']}: {seen}"
        codes = expect["error"]["code"]
        assert seen["code"] in (codes if isinstance(codes, list) else [codes]), seen
        if "errors" in expect["error"]:
            match_records(seen["records"], expect["error"]["errors"])
    elif expect.get("valid"):
        if seen["kind"] == "error":
            raise AssertionError(f"expected valid, got {seen['exc']!r}: {seen['records']}")
        if seen["kind"] == "records":
            assert seen["records"] == [], seen["records"]
        else:
            assert seen["kind"] == "plan" and seen["invalid"] == []
            check_plan(expect, seen)
    elif "invalid" in expect or "planned" in expect or "planned_count" in expect:
        assert seen["kind"] == "plan", seen
        got = [[i, [r["type"] for r in errs]] for i, errs in seen["invalid"]]
        for _, errs in seen["invalid"]:
            for r in errs:
                check_record_shape(r)
        assert got == expect.get("invalid", []), got
        check_plan(expect, seen)
    elif "outcome" in expect:
        assert seen["kind"] == "outcome", seen
        o, want = seen["outcome"], expect["outcome"]
        for field in ("status", "reason", "retry", "accepted", "unknown"):
            if field in want:
                assert getattr(o, field) == want[field], f"{field}: {getattr(o, field)!r} != {want[field]!r} ({o!r})"
        if "rejected" in want:
            assert [[r.index, r.key] for r in o.rejected] == want["rejected"], o.rejected
        # Nothing unaccounted for: every sent item is accepted, rejected or left to a retry.
        assert isinstance(o.message, (str, type(None)))
    else:
        raise AssertionError(f"unknown expectation {expect}")


def check_plan(expect: Dict[str, Any], seen: Dict[str, Any]) -> None:
    planned = [i for b in seen["batches"] for i in b]
    invalid = [i for i, _ in seen["invalid"]]
    # No row lost or sent twice: planned and invalid together are every input position, once.
    assert len(set(planned)) == len(planned) and not set(planned) & set(invalid)
    assert sorted(planned + invalid) == list(range(len(planned) + len(invalid)))
    if "planned" in expect:
        assert planned == expect["planned"]
    if "planned_count" in expect:
        assert len(planned) == expect["planned_count"]
    if "batches" in expect:
        assert len(seen["batches"]) == expect["batches"]


def still_works() -> None:
    good = {"goods_no": "OK1", "goods_name": "好", "spec_list": [{"spec_no": "OK1-1", "retail_price": Decimal("1.50")}]}
    assert skuwire.validate("goods.Goods.batchPush", [good]) == []
    (batch,) = list(client_for("flagship").plan("goods.Goods.batchPush", [good]))
    assert batch.sign(timestamp=1_700_000_000).sign
    assert batch.parse(200, b'{"status":0,"data":{"error_list":[]}}').ok


def params() -> List[Any]:
    out = []
    for case in CASES:
        marks = []
        if case["id"] in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case["id"]]))
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


@pytest.mark.parametrize("case", params())
def test_corpus_case(case: Dict[str, Any]) -> None:
    expect, skip = view(case)
    if skip:
        pytest.skip(f"not applicable to Python: {skip}")
    assert expect is not None
    seen = with_timeout(lambda: observe(case), 120 if case.get("heavy") else 30)
    try:
        check(expect, seen)
    finally:
        # Whatever the case did, the package answers a normal call afterwards.
        with_timeout(still_works, 30)


def test_the_corpus_is_what_the_issue_asks_for() -> None:
    assert len(CASES) >= 60
    assert len({c["id"] for c in CASES}) == len(CASES)
    issues = {c["issue"] for c in CASES}
    for item in ("wrong types", "NaN", "Infinity", "1e400", "-0", "5 decimals", "20-digit integers", "string length limit",
                 "control characters", "lone surrogates", "10 MB string", "nesting 10,000 deep", "100,000 items",
                 "duplicate keys", "null where a list belongs", "responses"):
        assert item in issues, item
    ops = {c["op"] for c in CASES if isinstance(c["op"], str)}
    assert {"goods.Goods.batchPush", "goods.ApiGoods.upload", "purchase.ProviderGoods.upload", "updateSkuQty", "vip_api_goods_query.php"} <= ops
    assert set(KNOWN_BUGS) <= {c["id"] for c in CASES}


# ------------------------------------------------------------------ secrets

SECRET, SALT, ENT_SECRET, TOKEN = "Zq7SecretPart", "Kx4SaltPart", "Vw2EntSecret", "Jm9TokenValue"
SECRETS = (SECRET, SALT, ENT_SECRET, TOKEN)


def assert_clean(*texts: str) -> None:
    for t in texts:
        for s in SECRETS:
            assert s not in t, f"a secret shows in: {t[:500]}"


@pytest.fixture
def debug_logs() -> Any:
    """Every log record of every logger, at DEBUG, while the test runs."""
    records: List[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    root = logging.getLogger()
    handler, level = Keep(logging.DEBUG), root.level
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(exc_text)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_outcomes_pages_and_plans_hold_no_secret(debug_logs: List[str]) -> None:
    f = skuwire.Flagship("sid1", "key1", f"{SECRET}:{SALT}", base_url=skuwire.FLAGSHIP_TEST_URL)
    e = skuwire.Enterprise("sid2", "key2", ENT_SECRET, base_url=skuwire.ENTERPRISE_SANDBOX_URL)
    y = skuwire.Ymcart(TOKEN, base_url="https://shop.example.com/api/{method}")
    good = {"goods_no": "G1", "goods_name": "n", "spec_list": [{"spec_no": "S1"}]}
    shown: List[str] = []
    plan = f.plan("goods.Goods.batchPush", [good, {**good, "goods_no": ""}], "skip")
    shown.append(repr(plan))
    (batch,) = list(plan)
    shown += [repr(plan), repr(plan.invalid), repr(batch.client)]
    for body in (b"", b'{"status":0,"data":{"error_list":[{"no":"G1","error":"x"}]}}', b"<html>", b'{"status":2,"message":"sign error"}'):
        o = batch.parse(200, body)
        shown += [repr(o), str(o), repr(o.rejected), repr(o.data), str(o.notes)]
    shown.append(repr(batch.transport_error("timeout")))
    q = e.query("vip_api_goods_query.php", start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00")
    req = q.next_request(timestamp=1_700_000_000)
    assert req is not None
    shown += [repr(q), repr(req), req.string_to_sign, req.redacted_body, repr(q.state())]
    page = q.feed(200, b'{"code":0,"total_count":1,"goods_list":[{"rec_id":"1","modified":"2024-01-01 10:00:00"}]}')
    shown += [repr(page), repr(page.outcome), repr(q)]
    yq = y.query("goodsList", page_no=1)
    yr = yq.next_request()
    assert yr is not None
    shown += [repr(yq), repr(yr), yr.redacted_body, yr.redacted_url, repr(yr.sorted_params)]
    shown += [repr(b) for b in y.plan("updateSkuQty", [{"codeno": "C1", "num": 1}])]
    assert_clean(*shown, *debug_logs)
    assert skuwire.REDACTED in "".join(shown)


def test_errors_raised_while_using_clients_never_quote_a_secret(debug_logs: List[str]) -> None:
    f = skuwire.Flagship("sid1", "key1", f"{SECRET}:{SALT}", base_url=skuwire.FLAGSHIP_TEST_URL)
    e = skuwire.Enterprise("sid2", "key2", ENT_SECRET, base_url=skuwire.ENTERPRISE_SANDBOX_URL)
    y = skuwire.Ymcart(TOKEN, base_url="https://shop.example.com/api/{method}")
    fbatch = f.call("goods.Goods.query", {"page": 1})
    attempts: List[Callable[[], Any]] = [
        lambda: skuwire.Flagship("s", "k", SECRET + SALT),  # no colon
        lambda: skuwire.Flagship("s", "k", f"{SECRET}:"),  # empty salt
        lambda: skuwire.Flagship("s", "k", f"{SECRET}:{SALT}", base_url="ftp://x.example"),
        lambda: skuwire.Flagship("s", "k", f"{SECRET}:{SALT}", base_url="http://h.example/x\n"),
        lambda: skuwire.Enterprise("", "k", ENT_SECRET),
        lambda: skuwire.Enterprise("s", "k", ENT_SECRET, base_url="not a url"),
        lambda: skuwire.Ymcart(TOKEN, base_url=""),
        lambda: skuwire.Ymcart(TOKEN, "https://x.example/{method}", update_options={"update_status": 7}),
        lambda: e.sign(fbatch),  # another platform's batch
        lambda: y.sign(fbatch),
        lambda: f.sign(e.call("vip_api_goods_query.php", {"page_no": 0})),
        lambda: f.plan("addGoods", []),
        lambda: e.query("vip_api_goods_query.php", start_time="bad", end_time=object()),
        lambda: f.call("bad method"),
        lambda: f.plan("goods.Goods.batchPush", [{"goods_no": SECRET}] * 2),  # a value that happens to be a secret is data; see below
    ]
    texts: List[str] = []
    for n, attempt in enumerate(attempts[:-1]):
        try:
            attempt()
        except skuwire.SkuwireError as exc:
            texts += [str(exc), repr(exc), str(exc.args), exc.msg_zh, traceback.format_exc()]
            texts.append(repr(pickle.loads(pickle.dumps(exc))))
            logging.getLogger("app").exception("failed")  # what an application does with it
        else:
            raise AssertionError(f"attempt {n} raised nothing")
    assert_clean(*texts, *debug_logs)
    # Data is data: a goods_no equal to the secret is echoed as the input it is (the user passed it as data).
    with pytest.raises(skuwire.ValidationError):
        attempts[-1]()


def test_a_secret_with_a_lone_surrogate_is_refused_without_quoting_it() -> None:
    for field, make in (("appsecret", lambda: skuwire.Flagship("s", "k", f"{SECRET}\ud800:{SALT}")),
                        ("appsecret", lambda: skuwire.Flagship("s", "k", f"{SECRET}:{SALT}\udc00")),
                        ("appsecret", lambda: skuwire.Enterprise("s", "k", f"{ENT_SECRET}\ud800")),
                        ("token", lambda: skuwire.Ymcart(f"{TOKEN}\ud800", "https://x.example/{method}")),
                        # Not a str at all: refused the same way (bytes would show in a repr).
                        ("appsecret", lambda: skuwire.Flagship("s", "k", f"{SECRET}:{SALT}".encode())),  # type: ignore[arg-type]
                        ("token", lambda: skuwire.Ymcart(TOKEN.encode(), "https://x.example/{method}"))):  # type: ignore[arg-type]
        with pytest.raises(BaseException) as info:
            make()
        exc = info.value
        assert isinstance(exc, skuwire.ArgumentError) and isinstance(exc, TypeError)
        assert_clean(str(exc), repr(exc), str(exc.args), exc.msg_zh,
                     "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
                     repr(pickle.loads(pickle.dumps(exc))))
        assert exc.code == "credentials" and field in str(exc) and field in exc.msg_zh and CJK.search(exc.msg_zh)
        # Nothing chained either: the failed UTF-8 conversion's own exception quotes the whole string.
        assert exc.__context__ is None and exc.__cause__ is None


# The command line, in both languages, against the sandbox: correct and wrong credentials.
CLI_CREDS: Dict[str, Any] = {
    "flagship": {"sid": "cli-sid", "appkey": "cli-key", "appsecret": f"{SECRET}:{SALT}"},
    "enterprise": {"sid": "cli-sid", "appkey": "cli-key", "appsecret": ENT_SECRET},
    "ymcart_tokens": [TOKEN],
}


def run_cli(argv: List[str], env: Dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Tuple[int, str]:
    with monkeypatch.context() as m:
        for k in list(os.environ):
            if k.startswith("SKUWIRE_"):
                m.delenv(k)
        for k, v in env.items():
            m.setenv(k, v)
        out, err = io.StringIO(), io.StringIO()
        code = cli_main(argv, stdout=out, stderr=err)
    return code, out.getvalue() + err.getvalue()


def test_the_command_line_never_prints_or_logs_a_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug_logs: List[str]) -> None:
    monkeypatch.chdir(tmp_path)
    goods = tmp_path / "goods.jsonl"
    goods.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in [
        {"goods_no": "G1", "goods_name": "杯", "spec_list": [{"spec_no": "G1-1", "retail_price": "1.50"}]},
        {"goods_no": "G2", "goods_name": "", "spec_list": [{"spec_no": "G2-1"}]},
    ]), encoding="utf-8")
    skus = tmp_path / "skus.jsonl"
    skus.write_text(json.dumps({"codeno": "C1", "num": 3}) + "\n", encoding="utf-8")
    texts: List[str] = []
    with Sandbox(db=":memory:", host="127.0.0.1", port=0, credentials=CLI_CREDS) as sb:
        f, e = CLI_CREDS["flagship"], CLI_CREDS["enterprise"]
        good = {
            "SKUWIRE_FLAGSHIP_SID": f["sid"], "SKUWIRE_FLAGSHIP_APPKEY": f["appkey"], "SKUWIRE_FLAGSHIP_APPSECRET": f["appsecret"],
            "SKUWIRE_FLAGSHIP_BASE_URL": sb.flagship_url,
            "SKUWIRE_ENTERPRISE_SID": e["sid"], "SKUWIRE_ENTERPRISE_APPKEY": e["appkey"], "SKUWIRE_ENTERPRISE_APPSECRET": e["appsecret"],
            "SKUWIRE_ENTERPRISE_BASE_URL": sb.enterprise_url,
            "SKUWIRE_YMCART_TOKEN": TOKEN, "SKUWIRE_YMCART_BASE_URL": sb.ymcart_url,
        }
        # Wrong credentials that contain the right ones, so a partial echo shows too.
        wrong = dict(good, SKUWIRE_FLAGSHIP_APPSECRET=f"{SECRET}x:{SALT}", SKUWIRE_ENTERPRISE_APPSECRET=ENT_SECRET + "x",
                     SKUWIRE_YMCART_TOKEN=TOKEN + "x")
        broken = dict(good, SKUWIRE_FLAGSHIP_APPSECRET=SECRET + SALT)  # no colon: a configuration error
        codes = []
        for lang in ("en", "zh"):
            for env in (good, wrong, broken):
                for argv in (
                    ["explain-sign", "--op", "goods.Goods.batchPush", str(goods), "--timestamp", "1700000000"],
                    ["explain-sign", "--op", "goods.Goods.batchPush", str(goods), "--json"],
                    ["explain-sign", "--op", "vip_api_goods_query.php", "--payload", '{"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00"}'],
                    ["explain-sign", "--method", "skuList", "--platform", "ymcart", "--payload", '{"page_no": 1}'],
                    ["push", str(goods), "--op", "goods.Goods.batchPush", "--report", f"r-{lang}.jsonl", "--max-retries", "0", "--no-journal", "--no-progress"],
                    ["push", str(skus), "--op", "updateSkuQty", "--report", f"y-{lang}.jsonl", "--max-retries", "0", "--no-journal", "--no-progress"],
                    ["pull", "--op", "vip_api_goods_query.php", "--since", "2024-01-01 00:00:00", "--until", "2024-01-02 00:00:00",
                     "--out", f"p-{lang}.jsonl", "--max-retries", "0", "--restart"],
                ):
                    code, text = run_cli([*argv, "--lang", lang], env, monkeypatch)
                    codes.append(code)
                    texts.append(text)
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.iterdir() if p.suffix in (".jsonl", ".json", ".csv")]
    assert_clean(*texts, *debug_logs)
    # The runs did what they claim: successes, refusals (exit 1) and configuration errors (exit 2).
    assert {0, 1, 2} <= set(codes), codes
    assert any("签名" in t or "sign" in t.lower() for t in texts)
    assert any(CJK.search(t) for t in texts)


# ------------------------------------------------------------------ panics

def test_a_panic_at_the_boundary_is_a_skuwire_error_every_time_and_the_package_keeps_working() -> None:
    # test_errors.py checks one panic; here many in a row, interleaved with
    # real work, and from other threads (a panic must not poison shared state).
    def panic_then_work() -> None:
        for _ in range(20):
            try:
                skuwire._skuwire._panic_for_tests()  # type: ignore[attr-defined]
            except skuwire.SkuwireError as e:
                assert e.code == "internal" and "skuwire" in str(e) and CJK.search(e.msg_zh)
            else:
                raise AssertionError("no exception")
            still_works()

    threads = [threading.Thread(target=panic_then_work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
        assert not t.is_alive()
    panic_then_work()


def test_the_corpus_finds_no_panic_to_catch() -> None:
    # Fuzzing-style sweep: every corpus input (light ones) through every push
    # operation of its platform; nothing may be an internal error (a caught
    # panic) or escape as anything but the library's own answer.
    started = time.monotonic()
    seen = 0
    for case in CASES:
        if case.get("heavy") or case["call"] not in ("validate", "plan") or "input" not in case or isinstance(case["op"], dict):
            continue
        platform = skuwire.operation(case["op"]).platform
        payload = expand(case["input"])
        for op in skuwire.operations():
            if op.platform != platform or op.kind != "push":
                continue
            try:
                skuwire.validate(op.name, payload)
                list(client_for(platform).plan(op.name, payload, "skip"))
            except skuwire.SkuwireError as e:
                assert e.code != "internal", (case["id"], op.name, str(e))
            seen += 1
    assert seen > 100 and time.monotonic() - started < 60
    still_works()
