"""The ``skuwire`` command line: packaging, input formats and the CSV
mapping, validation output in both languages, exit codes, configuration,
explain-sign, and secrets. (Pushes and pulls through faults, crashes and
resumes are in test_cli_e2e.py.)"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

import skuwire
from skuwire.cli import main
from skuwire.sandbox import Sandbox, signing

ROOT = Path(__file__).resolve().parents[2]

# Credentials the tests' sandboxes accept: distinctive, so a leak is visible.
CREDS: Dict[str, Any] = {
    "flagship": {"sid": "e2e-sid", "appkey": "e2e-key", "appsecret": "Sec-Ret-42:Salt-Ly-17"},
    "enterprise": {"sid": "e2e-sid", "appkey": "e2e-key", "appsecret": "EntSecret-99"},
    "ymcart_tokens": ["Tok-en-77"],
}
SECRETS = ("Sec-Ret-42", "Salt-Ly-17", "EntSecret-99", "Tok-en-77")


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def sandbox_env(sb: Any) -> Dict[str, str]:
    """Environment that points the command line at ``sb``."""
    f, e = CREDS["flagship"], CREDS["enterprise"]
    return {
        "SKUWIRE_FLAGSHIP_SID": f["sid"], "SKUWIRE_FLAGSHIP_APPKEY": f["appkey"],
        "SKUWIRE_FLAGSHIP_APPSECRET": f["appsecret"], "SKUWIRE_FLAGSHIP_BASE_URL": sb.flagship_url,
        "SKUWIRE_ENTERPRISE_SID": e["sid"], "SKUWIRE_ENTERPRISE_APPKEY": e["appkey"],
        "SKUWIRE_ENTERPRISE_APPSECRET": e["appsecret"], "SKUWIRE_ENTERPRISE_BASE_URL": sb.enterprise_url,
        "SKUWIRE_YMCART_TOKEN": CREDS["ymcart_tokens"][0], "SKUWIRE_YMCART_BASE_URL": sb.ymcart_url,
    }


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Run]:
    """Runs the command line in this process, in tmp_path, with no SKUWIRE_*
    variables but those given."""
    for k in list(os.environ):
        if k.startswith("SKUWIRE_"):
            monkeypatch.delenv(k)
    monkeypatch.chdir(tmp_path)

    def run(*argv: str, env: Optional[Dict[str, str]] = None) -> Run:
        with monkeypatch.context() as m:
            for k, v in (env or {}).items():
                m.setenv(k, v)
            out, err = io.StringIO(), io.StringIO()
            code = main(list(argv), stdout=out, stderr=err)
        return Run(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def sb() -> Iterator[Any]:
    with Sandbox(db=":memory:", host="127.0.0.1", port=0, credentials=CREDS, unknown_shops=["CLOSED-1"]) as box:
        yield box


def write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_text(text, encoding=encoding)
    return str(path)


def jsonl(path: Path, rows: List[Any]) -> str:
    return write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


GOODS_CSV = """goods_no,goods_name,class_name,spec_list[].spec_no,spec_list[].retail_price,spec_list[].is_lower_cost:json
G1,保温杯,杯壶,G1-RED,59.90,true
G1,保温杯,杯壶,G1-BLUE,59.9,false
G2,茶杯,杯壶,G2-1,12.00,
"""


# ------------------------------------------------------------------ packaging

def test_the_command_is_installed_with_the_package(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "skuwire"
    for argv in ([str(script), "--version"], [sys.executable, "-m", "skuwire", "--version"]):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert (done.returncode, done.stdout.strip()) == (0, "skuwire " + skuwire.__version__)


@pytest.mark.parametrize("command, prog", [
    (["-m", "skuwire", "sandbox"], "skuwire sandbox"),
    # The sandbox package's own entry point ships too; importing it starts nothing.
    (["-m", "skuwire.sandbox"], "skuwire-sandbox"),
])
def test_skuwire_sandbox_runs_the_shipped_sandbox(tmp_path: Path, command: List[str], prog: str) -> None:
    help_ = subprocess.run([sys.executable, *command, "--help"], capture_output=True, text=True, timeout=60)
    assert help_.returncode == 0 and help_.stdout.startswith("usage: " + prog)
    proc = subprocess.Popen([sys.executable, *command, "--port", "0", "--db", str(tmp_path / "sb.db")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("skuwire sandbox listening on http://127.0.0.1:")
        url = first.split()[-1]
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        assert json.load(opener.open(url + "/_sandbox/health", timeout=10))["ok"] is True
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert (tmp_path / "sb.db").exists()  # the SQLite store the user asked for


def test_importing_the_sandbox_entry_point_starts_nothing() -> None:
    done = subprocess.run([sys.executable, "-c", "import skuwire.sandbox.__main__; print('imported')"],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "imported\n", "")


def test_ops_lists_the_24_operations(cli: Callable[..., Run]) -> None:
    r = cli("ops", "--json")
    ops = json.loads(r.out)
    assert r.code == 0 and len(ops) == 24
    assert {o["name"] for o in ops} == {o.name for o in skuwire.operations()}


# ------------------------------------------------------------------ validate

def test_validate_reports_every_error_with_row_line_and_field(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = write(tmp_path / "goods.csv", GOODS_CSV.replace("G1-BLUE,59.9", "G1-BLUE,59.90001") + ",,,G3-1,1,\n")
    r = cli("validate", path, "--op", "goods.Goods.batchPush")
    assert r.code == 1
    lines = r.out.splitlines()
    # Row 0 is read from lines 2-3; the bad price sits on line 3, in spec 1.
    assert lines[0] == ('row 0 (line 3) spec_list[1].retail_price: Decimal should have at most 4 decimal places '
                        '(it is never rounded) [decimal_max_places] input="59.90001"')
    assert lines[1] == "row 2 (line 5) goods_no: Field required [missing]"
    assert lines[2] == "row 2 (line 5) goods_name: Field required [missing]"
    assert lines[-1].endswith(": 2 of 3 rows invalid (3 errors) for goods.Goods.batchPush")
    zh = cli("validate", path, "--op", "goods.Goods.batchPush", "--lang", "zh")
    assert zh.code == 1
    assert zh.out.splitlines()[0] == ('第0条（第3行） spec_list[1].retail_price: 小数部分不能超过4位（不会自动四舍五入） '
                                      '[decimal_max_places] input="59.90001"')
    assert "第2条（第5行） goods_no: 缺少必填字段 [missing]" in zh.out


def test_validate_exit_0_and_machine_readable_records(cli: Callable[..., Run], tmp_path: Path) -> None:
    good = write(tmp_path / "goods.csv", GOODS_CSV)
    r = cli("validate", good, "--op", "goods.Goods.batchPush")
    assert (r.code, r.out.strip()) == (0, "%s: all 2 rows valid for goods.Goods.batchPush" % good)
    bad = jsonl(tmp_path / "rows.jsonl", [
        {"shop_no": "S", "goods_id": "g1", "price": "1.00"},
        {"shop_no": "S", "goods_id": "g2", "price": "1e3", "status": 9},
    ])
    r = cli("validate", bad, "--op", "goods.ApiGoods.upload", "--output-format", "json")
    assert r.code == 1
    records = json.loads(r.out)
    # In the order the row gives its fields; row 0 is valid.
    assert [(x["row"], x["line"], x["loc"], x["type"]) for x in records] == [
        (1, 2, [1, "price"], "decimal_parsing"), (1, 2, [1, "status"], "enum")]
    assert all(set(x) >= {"type", "loc", "msg", "msg_zh", "input", "ctx", "row", "line"} for x in records)
    assert {x["input"] for x in records} == {"1e3", 9}


def test_jsonl_line_that_is_not_json_is_reported_at_its_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = write(tmp_path / "rows.jsonl", '{"shop_no": "S", "goods_id": "a"}\n\n{"shop_no": "S", "goods_id": \n{"shop_no": ""}\n')
    r = cli("validate", path, "--op", "goods.ApiGoods.upload", "--output-format", "jsonl")
    records = [json.loads(x) for x in r.out.splitlines()]
    assert r.code == 1
    # The blank line is not a row: the broken line is row 1 at line 3, the next row 2 at line 4.
    assert [(x["row"], x["line"], x["type"]) for x in records] == [(1, 3, "json_invalid"), (2, 4, "string_too_short")]
    assert records[0]["msg_zh"].startswith("JSON格式错误")


def test_a_key_repeated_in_a_json_object_is_reported_never_silently_dropped(cli: Callable[..., Run], tmp_path: Path) -> None:
    # Python's json keeps the last twin silently; the command line reports the
    # library's json_duplicate_key at the row, line and path, in every format.
    lines = ['{"shop_no": "S", "goods_id": "a", "spec_id": "1"}',
             '{"shop_no": "S", "goods_id": "b", "spec_id": "1", "spec_id": "2"}',
             '{"shop_no": "S", "goods_id": "c", "spec_id": "1"}']
    path = write(tmp_path / "rows.jsonl", "\n".join(lines) + "\n")
    r = cli("validate", path, "--op", "goods.ApiGoods.upload", "--output-format", "jsonl")
    records = [json.loads(x) for x in r.out.splitlines()]
    assert r.code == 1
    assert [(x["row"], x["line"], x["type"], x["loc"], x["ctx"]) for x in records] == [
        (1, 2, "json_duplicate_key", [1, "spec_id"], {"key": "spec_id"})]
    assert "spec_id" in records[0]["msg"] and "spec_id" in records[0]["msg_zh"]
    array = write(tmp_path / "goods.json", '[{"goods_no": "G1", "goods_name": "杯", "spec_list": [{"spec_no": "S1"}]},'
                                            ' {"goods_no": "G2", "goods_name": "杯", "spec_list": [{"spec_no": "S2", "spec_no": "S3"}]}]')
    r = cli("validate", array, "--op", "goods.Goods.batchPush", "--output-format", "json")
    assert r.code == 1
    assert [(x["row"], x["type"], x["loc"]) for x in json.loads(r.out)] == [(1, "json_duplicate_key", [1, "spec_list", 0, "spec_no"])]
    one = write(tmp_path / "one.json", '{"goods_no": "G1", "goods_no": "G2", "goods_name": "杯", "spec_list": [{"spec_no": "S1"}]}')
    r = cli("validate", one, "--op", "goods.Goods.batchPush", "--output-format", "json")
    assert [(x["row"], x["type"], x["loc"]) for x in json.loads(r.out)] == [(0, "json_duplicate_key", [0, "goods_no"])]
    csv_path = write(tmp_path / "goods.csv", 'goods_no,goods_name,spec_list[].spec_no,spec_list[].prop:json\n'
                                             'G1,杯,S1,"{""a"": 1, ""a"": 2}"\n')
    r = cli("validate", csv_path, "--op", "goods.Goods.batchPush", "--output-format", "json")
    assert [(x["row"], x["line"], x["type"], x["loc"]) for x in json.loads(r.out)] == [
        (0, 2, "json_duplicate_key", [0, "spec_list", 0, "prop", "a"])]


def test_json_array_numbers_keep_their_exact_text(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = write(tmp_path / "goods.json", json.dumps([
        {"goods_no": "G1", "goods_name": "杯", "spec_list": [{"spec_no": "S1", "retail_price": 1.23456}]}]).replace("1.23456", "1.234560"))
    r = cli("validate", path, "--op", "goods.Goods.batchPush", "--output-format", "json")
    (rec,) = json.loads(r.out)
    # Never rounded, never a float: the offending value is reported as written.
    assert (rec["type"], rec["input"]) == ("decimal_max_places", "1.234560")
    broken = write(tmp_path / "broken.json", '[{"goods_no": "G1",}]')
    r = cli("validate", broken, "--op", "goods.Goods.batchPush")
    assert r.code == 1 and "Invalid JSON: trailing comma" in r.out


# ------------------------------------------------------------------ the CSV mapping

def test_csv_rows_become_nested_items_with_exact_text(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = write(tmp_path / "goods.csv", GOODS_CSV)
    r = cli("explain-sign", "--op", "goods.Goods.batchPush", path, "--timestamp", "1700000000", "--json", "--sandbox")
    assert r.code == 0, r.err
    body = json.loads(json.loads(r.out)["body"], parse_float=Decimal)
    assert body == [[
        {"goods_no": "G1", "goods_name": "保温杯", "class_name": "杯壶", "spec_list": [
            {"spec_no": "G1-RED", "retail_price": "59.90", "is_lower_cost": True},
            {"spec_no": "G1-BLUE", "retail_price": "59.9", "is_lower_cost": False}]},
        # An empty cell is a field not given.
        {"goods_no": "G2", "goods_name": "茶杯", "class_name": "杯壶", "spec_list": [{"spec_no": "G2-1", "retail_price": "12.00"}]},
    ]]


def test_flat_json_lines_rows_nest_like_csv_records(cli: Callable[..., Run], tmp_path: Path) -> None:
    """JSON Lines rows in the CSV header's naming are nested by the same
    library nesting (lazily, in windows, through the streaming validate too);
    problems keep the line of the row they came from."""
    rows = [
        {"goods_no": "G1", "goods_name": "保温杯", "spec_list[].spec_no": "G1-RED", "spec_list[].retail_price": "59.90", "spec_list[].is_lower_cost": True},
        {"goods_no": "G1", "goods_name": "保温杯", "spec_list[].spec_no": "G1-BLUE", "spec_list[].retail_price": "59.9"},
        {"goods_no": "G2", "goods_name": "茶杯", "spec_list[].spec_no": "G2-1", "spec_list[].retail_price": "12.00"},
    ]
    path = jsonl(tmp_path / "rows.jsonl", rows)
    r = cli("explain-sign", "--op", "goods.Goods.batchPush", path, "--timestamp", "1700000000", "--json", "--sandbox")
    assert r.code == 0, r.err
    csv_body = cli("explain-sign", "--op", "goods.Goods.batchPush", write(tmp_path / "goods.csv", GOODS_CSV),
                   "--timestamp", "1700000000", "--json", "--sandbox")
    # The same items as the CSV file's (class_name aside, which the CSV has).
    body = json.loads(json.loads(r.out)["body"])
    want = json.loads(json.loads(csv_body.out)["body"])
    for goods in want[0]:
        goods.pop("class_name")
    want[0][0]["spec_list"][1]["is_lower_cost"] = None
    del want[0][0]["spec_list"][1]["is_lower_cost"]
    assert body == want
    # Many rows: windows of rows never split a goods; a bad price is at its line.
    many = [{"goods_no": "G%05d" % (i // 3), "goods_name": "杯", "spec_list[].spec_no": "G%05d-%d" % (i // 3, i % 3),
             "spec_list[].retail_price": "1.23456" if i == 9_001 else "1.00"} for i in range(9_999)]
    path = jsonl(tmp_path / "many.jsonl", many)
    for args in ((), ("--max-errors", "5")):
        r = cli("validate", path, "--op", "goods.Goods.batchPush", "--output-format", "jsonl", *args)
        records = [json.loads(x) for x in r.out.splitlines()]
        assert r.code == 1
        assert [(x["row"], x["line"], x["type"], x["loc"]) for x in records] == [
            (3_000, 9_002, "decimal_max_places", [3_000, "spec_list", 1, "retail_price"])], args
    # A line that does not read stands alone: the goods around it are whole.
    broken = write(tmp_path / "broken.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:2])
                   + "{oops\n" + json.dumps(rows[2], ensure_ascii=False) + "\n")
    r = cli("validate", broken, "--op", "goods.Goods.batchPush", "--output-format", "jsonl")
    assert [(x["row"], x["line"], x["type"]) for x in map(json.loads, r.out.splitlines())] == [(1, 3, "json_invalid")]


def test_csv_structure_problems(cli: Callable[..., Run], tmp_path: Path) -> None:
    ragged = write(tmp_path / "ragged.csv", "shop_no,goods_id,price\nS,g1,1.00\nS,g2,2.00,extra\n")
    r = cli("validate", ragged, "--op", "goods.ApiGoods.upload")
    assert r.code == 1
    assert "row 1 (line 3) (item): CSV record at line 3 has 4 cells; the header has 3 [csv_row_length]" in r.out
    for header, word in [("goods_no,spec_list[].a[].b", "one list level"), ("goods_no,goods_no", "name the same field"),
                         ("spec_list[],spec_list[].spec_no", "overlap")]:
        r = cli("validate", write(tmp_path / "h.csv", header + "\n"), "--op", "goods.Goods.batchPush")
        assert r.code == 2 and word in r.err, (header, r.err)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("shop_no,goods_id,goods_name\n店1,g1,保温杯\n".encode("gbk"))
    r = cli("validate", str(gbk), "--op", "goods.ApiGoods.upload")
    assert r.code == 2 and "--encoding gbk" in r.err
    r = cli("validate", str(gbk), "--op", "goods.ApiGoods.upload", "--encoding", "gbk")
    assert r.code == 0, r.out


# ------------------------------------------------------------------ usage and configuration

def test_usage_and_configuration_errors_exit_2(cli: Callable[..., Run], tmp_path: Path) -> None:
    data = write(tmp_path / "g.csv", GOODS_CSV)
    cases = [
        (("validate", data, "--op", "goods.Goods.nope"), {}, "goods.Goods.nope"),
        (("push", data, "--op", "vip_api_goods_query.php"), {}, "use `skuwire pull`"),
        (("push", str(tmp_path / "missing.csv"), "--op", "goods.Goods.batchPush"), {}, "cannot read"),
        (("push", data, "--op", "goods.Goods.batchPush"), {"SKUWIRE_SID": "x"}, "SKUWIRE_PLATFORM"),
        (("push", data, "--op", "goods.Goods.batchPush"), {"SKUWIRE_FLAGSHIP_SID": "x"}, "flagship configuration"),
        (("push", data, "--op", "goods.Goods.batchPush", "--config", write(tmp_path / "c.ini", "[shop]\nsid=1\n")), {}, "unknown section [shop]"),
        (("pull", "--op", "goodsList", "--since", "2024-01-01 00:00:00", "--out", "o.jsonl", "--sandbox"), {}, "no time window"),
        (("push",), {}, "the following arguments are required"),
        (("push", data, "--op", "goods.Goods.batchPush", "--max-items", "51", "--sandbox"), {}, "above the documented limit of 50"),
    ]
    for argv, env, needle in cases:
        r = cli(*argv, env=env)
        assert r.code == 2 and needle in r.err, (argv, r.err)


def test_a_config_file_and_the_environment_with_secrets_never_printed(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    data = write(tmp_path / "goods.csv", GOODS_CSV)
    # A wrong appsecret in the file: the sandbox refuses the sign, every row is rejected.
    config = write(tmp_path / "skuwire.ini", "[flagship]\nsid = e2e-sid\nappkey = e2e-key\nappsecret = Wrong-Secret-5:Salt-Ly-17\n"
                                             "base_url = %s\n" % sb.flagship_url)
    r = cli("push", data, "--op", "goods.Goods.batchPush", "--config", config, "--report", "bad.jsonl")
    assert r.code == 1 and "rejected            2" in r.out
    report = [json.loads(x) for x in (tmp_path / "bad.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(x["row"], x["key"], x["message"], x["reason"]) for x in report] == [
        (0, "G1", "签名错误", "auth_error"), (1, "G2", "签名错误", "auth_error")]
    # The environment wins over the file, setting by setting.
    env = {"SKUWIRE_FLAGSHIP_APPSECRET": CREDS["flagship"]["appsecret"]}
    r2 = cli("push", data, "--op", "goods.Goods.batchPush", "--config", config, "--report", "ok.jsonl", env=env)
    assert r2.code == 0 and "accepted            2" in r2.out, r2.text
    leaked = [s for s in SECRETS + ("Wrong-Secret-5",) for text in (r.text, r2.text, (tmp_path / "bad.jsonl").read_text(encoding="utf-8")) if s in text]
    assert leaked == []


def test_with_nothing_configured_nothing_is_sent_and_the_message_says_what_to_set(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A cron job that lost its environment must not report a clean push to nowhere."""
    data = write(tmp_path / "goods.csv", GOODS_CSV)
    r = cli("push", data, "--op", "goods.Goods.batchPush")
    assert r.code == 2 and r.out == ""
    for name in ("SKUWIRE_FLAGSHIP_SID", "SKUWIRE_FLAGSHIP_APPKEY", "SKUWIRE_FLAGSHIP_APPSECRET", "SKUWIRE_FLAGSHIP_BASE_URL",
                 "[flagship]", "--config FILE or $SKUWIRE_CONFIG", "--sandbox", "nothing was sent"):
        assert name in r.err, (name, r.err)
    assert "in-process sandbox at" not in r.err
    assert not list(tmp_path.glob("*.report.jsonl")) and not list(tmp_path.glob("*.journal.sqlite"))
    # In Chinese too; and for the other commands that talk to a platform.
    r = cli("push", data, "--op", "goods.Goods.batchPush", "--lang", "zh")
    assert r.code == 2 and "没有flagship的配置，因此没有发送任何内容" in r.err and "SKUWIRE_FLAGSHIP_APPSECRET" in r.err
    r = cli("pull", "--op", "skuList", "--out", "rows.jsonl")
    assert r.code == 2 and "SKUWIRE_YMCART_TOKEN, SKUWIRE_YMCART_BASE_URL" in r.err and not (tmp_path / "rows.jsonl").exists()
    r = cli("explain-sign", "--op", "vip_api_goods_query.php", "--payload", "{}")
    assert r.code == 2 and "SKUWIRE_ENTERPRISE_APPSECRET" in r.err
    # A config file without the platform's section is named.
    config = write(tmp_path / "skuwire.ini", "[enterprise]\nsid = s\nappkey = k\nappsecret = x\n")
    r = cli("push", data, "--op", "goods.Goods.batchPush", "--config", config)
    assert r.code == 2 and "the config file %s has no [flagship] section" % config in r.err


def test_a_sandbox_only_when_asked_for(cli: Callable[..., Run], tmp_path: Path) -> None:
    data = write(tmp_path / "goods.csv", GOODS_CSV)
    r = cli("push", data, "--op", "goods.Goods.batchPush", "--sandbox")
    assert r.code == 0, r.text
    assert r.err.startswith("skuwire: flagship: using an in-process sandbox at http://127.0.0.1:")
    assert "as asked (--sandbox)" in r.err
    assert "accepted            2" in r.out
    # Default report and journal: in the current directory, named after the input and the operation.
    assert (tmp_path / "goods.csv.goods.Goods.batchPush.report.jsonl").read_text() == ""
    assert (tmp_path / "goods.csv.goods.Goods.batchPush.journal.jsonl").exists()
    # A config (or the environment) can name the sandbox for a platform.
    config = write(tmp_path / "sandbox.ini", "[flagship]\nsandbox = in-process\n")
    r = cli("push", data, "--op", "goods.Goods.batchPush", "--config", config, "--no-journal")
    assert r.code == 0 and "as asked (sandbox = in-process)" in r.err, r.text
    r = cli("push", data, "--op", "goods.Goods.batchPush", "--no-journal", env={"SKUWIRE_FLAGSHIP_SANDBOX": "in-process"})
    assert r.code == 0 and "as asked (sandbox = in-process)" in r.err, r.text
    # Asking for both a sandbox and credentials is a mistake, not a guess.
    r = cli("push", data, "--op", "goods.Goods.batchPush", env={"SKUWIRE_FLAGSHIP_SANDBOX": "yes", "SKUWIRE_FLAGSHIP_SID": "s"})
    assert r.code == 2 and "both sandbox = in-process and credentials (sid)" in r.err
    r = cli("push", data, "--op", "goods.Goods.batchPush", env={"SKUWIRE_FLAGSHIP_SANDBOX": "maybe"})
    assert r.code == 2 and "sandbox = maybe: expected in-process" in r.err


# ------------------------------------------------------------------ explain-sign

def test_explain_sign_flagship_matches_the_sandbox_and_hides_secrets(cli: Callable[..., Run], sb: Any, tmp_path: Path) -> None:
    data = write(tmp_path / "goods.csv", GOODS_CSV)
    env = sandbox_env(sb)
    text = cli("explain-sign", "--op", "goods.Goods.batchPush", data, "--timestamp", str(int(sb.now())), env=env)
    r = cli("explain-sign", "--op", "goods.Goods.batchPush", data, "--timestamp", str(int(sb.now())), "--json", env=env)
    assert text.code == r.code == 0
    assert not [s for s in SECRETS if s in text.text + r.text]
    x = json.loads(r.out)
    assert x["string_to_sign"].startswith(skuwire.REDACTED) and x["string_to_sign"].endswith(skuwire.REDACTED)
    assert "&salt=**+REDACTED+**&" in x["url"]
    for line in ("string to sign (each %s stands for the secret):" % skuwire.REDACTED, "sign       " + x["sign"]):
        assert line in text.out
    # The sandbox's own signer (written from the vendor page, not skuwire's)
    # over the parameters and body shown gives the same sign.
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(x["url"]).query))
    params["salt"] = "Salt-Ly-17"
    secret = CREDS["flagship"]["appsecret"].split(":")[0]
    assert signing.flagship_sign(secret, params, x["body"].encode("utf-8")) == x["sign"]
    assert dict(x["sorted_params"])["body"] == x["body"]
    # And the request it describes is accepted as it is.
    client = skuwire.Flagship(**{k: CREDS["flagship"][k] for k in ("sid", "appkey", "appsecret")}, base_url=sb.flagship_url)
    (batch,) = list(client.plan("goods.Goods.batchPush", json.loads(x["body"])[0]))
    req = client.sign(batch, timestamp=int(sb.now()))
    assert req.sign == x["sign"]
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    answer = opener.open(urllib.request.Request(req.url, data=req.body, headers=req.headers, method="POST"), timeout=10).read()
    assert batch.parse(200, answer).ok


def test_explain_sign_enterprise_and_ymcart(cli: Callable[..., Run], sb: Any) -> None:
    env = sandbox_env(sb)
    r = cli("explain-sign", "--op", "vip_api_goods_query.php", "--payload",
            '{"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00", "shop_no": "店铺1"}',
            "--timestamp", "1700000000", "--json", env=env)
    assert r.code == 0, r.err
    x = json.loads(r.out)
    form = dict(urllib.parse.parse_qsl(x["body"]))
    assert (form["timestamp"], form["page_no"], form["page_size"]) == ("1700000000", "0", "100")
    assert signing.enterprise_sign(form, CREDS["enterprise"]["appsecret"]) == x["sign"] == form["sign"]
    assert x["string_to_sign"] == signing.enterprise_sign_string(form) + skuwire.REDACTED
    r = cli("explain-sign", "--method", "skuList", "--platform", "ymcart", "--payload", '{"page_no": 1}', env=env)
    assert r.code == 0 and "nothing is signed" in r.out
    assert "body       token=**+REDACTED+**&page_no=1\n" in r.out and "Tok-en-77" not in r.text


def test_the_node_readme_and_the_command_line_use_the_same_variables() -> None:
    """Every environment variable the Node package's README and examples
    name is one the command line reads, for the setting it means there."""
    import re

    from skuwire.cli._config import Settings

    texts = [(ROOT / "bindings-node" / "README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "bindings-node" / "examples").iterdir() if p.is_file()]
    names = sorted({n for text in texts for n in re.findall(r"\b(?:SKUWIRE|WDT|YMCART)_[A-Z0-9_]+\b", text)})
    assert names, "the Node README names its variables"
    env = {n: "value-of-" + n for n in names}
    settings = Settings(None, env)
    read = {("SKUWIRE_%s_%s" % (p.upper(), k.upper())) for p in skuwire.PLATFORMS for k in settings.values(p)}
    assert sorted(set(names) - read) == [], "the Node README names variables the command line does not read"
    # And they mean the same thing: the flagship appsecret is the flagship appsecret.
    assert settings.values("flagship")["appsecret"] == "value-of-SKUWIRE_FLAGSHIP_APPSECRET"
