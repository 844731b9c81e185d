"""Persistence across restarts, the CLI, logging without secrets, lifecycle."""
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import Client, SALT, TOKEN
from skuwire_sandbox import Sandbox, main
from skuwire_sandbox.cli import build_parser

SANDBOX_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_persistence_across_restart(tmp_path):
    db = str(tmp_path / "sandbox.db")
    with Sandbox(db=db) as sb:
        c = Client(sb)
        assert c.push_api_goods("s", [{"goods_id": "1"}, {"goods_id": "2"}])[1]["data"]["rec_ids"] == [1, 2]
        c.push_goods([{"goods_no": "A", "goods_name": "a", "spec_list": [{"spec_no": "A1"}]}])
        c.flagship("purchase.ProviderGoods.upload", [[{"provider_no": "P", "spec_no": "A1"}]])
        c.ymcart("addGoods", goods_res=[{"base_name": "x", "codeno": "X", "price": 1, "category": "c"}])
        port1 = sb.port
    with Sandbox(db=db) as sb:
        c = Client(sb)
        # upsert keys still hold: old rows keep their rec_ids, new ones continue the sequence
        assert c.push_api_goods("s", [{"goods_id": "3"}, {"goods_id": "1"}])[1]["data"]["rec_ids"] == [3, 1]
        snap = sb.snapshot()
        assert len(snap["goods"]) == 1 and len(snap["provider_goods"]) == 1
        assert c.ymcart("goodsList", codeno="X")[1]["count"] == "1"
        assert c.ymcart("addGoods", goods_res=[{"base_name": "x", "codeno": "X", "price": 1, "category": "c"}])[1][
            "msg"][0]["msg"] == "codeno_exists"
    assert port1 > 0


def test_memory_db_is_fresh_each_start():
    sb = Sandbox()
    sb.start()
    Client(sb).push_api_goods("s", [{"goods_id": "1"}])
    sb.stop()
    sb.start()
    assert sb.snapshot()["api_goods"] == []
    sb.stop()
    sb.stop()  # idempotent


def test_urls_and_double_start():
    with Sandbox() as sb:
        assert sb.url.startswith("http://127.0.0.1:") and sb.port > 0
        assert sb.flagship_url == sb.url + "/openapi"
        assert sb.enterprise_url == sb.url + "/openapi2/"
        assert sb.ymcart_url == sb.url + "/ymcart"
        with pytest.raises(RuntimeError):
            sb.start()


def test_log_lines_never_carry_secrets():
    stream = io.StringIO()
    with Sandbox(log_stream=stream) as sb:
        c = Client(sb)
        c.push_goods([{"goods_no": "A", "goods_name": "a", "spec_list": [{"spec_no": "A1"}]}])
        c.flagship("goods.Goods.batchPush", [[]], salt="wrong-salt-value")
        c.ymcart("brandList")
        c.ymcart("brandList", token="leaked-token-value")
        c.query(start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00")
    text = stream.getvalue()
    lines = text.strip().splitlines()
    assert len(lines) == 5
    assert "op=goods.Goods.batchPush verdict=ok items=1 http=200" in lines[0]
    assert "op=brandList" in lines[2] and "op=vip_api_goods_query.php" in lines[4]
    for secret in (SALT, "wrong-salt-value", TOKEN, "leaked-token-value", "sandbox-secret", "sign="):
        assert secret not in text


def test_no_log_by_default(capfd):
    with Sandbox() as sb:
        Client(sb).ymcart("brandList")
    assert capfd.readouterr().err == ""


def test_parser_defaults():
    a = build_parser().parse_args([])
    assert (a.host, a.port, a.db, a.log, a.ymcart_prefix) == ("127.0.0.1", 0, ":memory:", None, "/ymcart")
    assert build_parser().parse_args(["--log"]).log == "-"
    assert build_parser().parse_args(["--log", "x.log"]).log == "x.log"


def test_main_rejects_bad_appsecret(capsys):
    assert main(["--appsecret", "nocolon"]) == 2


def test_python_dash_m_serves_and_stops(tmp_path):
    db = str(tmp_path / "cli.db")
    proc = subprocess.Popen([sys.executable, "-m", "skuwire_sandbox", "--port", "0", "--db", db, "--log",
                             "--token", "cli-token"],
                            cwd=SANDBOX_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("skuwire sandbox listening on http://127.0.0.1:"), line
        url = line.split()[-1]
        req = urllib.request.Request(url + "/ymcart/brandList", data=b"token=cli-token")
        with urllib.request.urlopen(req, timeout=5) as r:
            assert json.loads(r.read()) == {"code": 0, "status": 1, "data": {"list": []}}
        time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "op=brandList verdict=ok" in err and "cli-token" not in err
    assert os.path.exists(db)



def test_sigterm_right_after_the_listening_line_is_a_clean_exit(tmp_path):
    # A supervisor may stop the sandbox as soon as it has announced itself;
    # the handler must already be in place (it once was not: killed by the
    # signal about half the time).
    for i in range(8):
        proc = subprocess.Popen([sys.executable, "-m", "skuwire_sandbox", "--port", "0", "--db", str(tmp_path / ("t%d.db" % i))],
                                cwd=SANDBOX_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().startswith("skuwire sandbox listening on ")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, (i, err[-500:])

def test_concurrent_pushes_are_serialised(sb, client):
    import threading
    errors, rec_ids = [], []

    def worker(n):
        try:
            for i in range(10):
                _, out = client.push_api_goods("s", [{"goods_id": "w%d-%d" % (n, i)}, {"goods_id": "shared"}])
                rec_ids.extend(out["data"]["rec_ids"])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    rows = sb.snapshot()["api_goods"]
    assert len(rows) == 61  # 60 distinct + one shared row, upserted 60 times
    assert len(set(rec_ids)) == 61


def test_keep_alive_connection_serves_several_requests(sb):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", sb.port, timeout=5)
    try:
        for _ in range(3):
            conn.request("POST", "/ymcart/brandList", body=b"token=" + TOKEN.encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            r = conn.getresponse()
            assert r.status == 200 and json.loads(r.read())["code"] == 0
            assert r.getheader("Connection") != "close"
    finally:
        conn.close()
    assert len(sb.requests()) == 3


def test_ipv6_loopback():
    import socket
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        pytest.skip("no IPv6 loopback")
    with Sandbox(host="::1") as sb:
        assert sb.url.startswith("http://[::1]:")
        with urllib.request.urlopen(sb.url + "/_sandbox/health", timeout=5) as r:
            assert json.loads(r.read())["ok"] is True
