"""Prepared requests sent by real HTTP stacks (requests, httpx) to a local
stdlib server that records what arrives and checks the signature the way the
platforms do: over the bytes on the wire."""

from __future__ import annotations

import hashlib
import http.server
import threading
import urllib.parse
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Tuple

import httpx
import pytest
import requests

import skuwire

from conftest import ENTERPRISE_CREDS, FLAGSHIP_CREDS, YMCART_TOKEN, goods

Recorded = Dict[str, Any]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: List[Recorded]
    answer: bytes = b'{"status": 0, "data": {"error_list": []}}'

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        self.server.seen.append(  # type: ignore[attr-defined]
            {"path": self.path, "content_type": self.headers.get("Content-Type"), "body": body}
        )
        answer = self.server.answer  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.seen = []  # type: ignore[attr-defined]
    srv.answer = _Handler.answer  # type: ignore[attr-defined]
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def _base(srv: http.server.ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}"


# trust_env off: a proxy configured on a CI machine must not sit between the
# client and the local server.
def _send_requests(req: skuwire.Request) -> Tuple[int, bytes]:
    with requests.Session() as s:
        s.trust_env = False
        r = s.request(req.method, req.url, headers=req.headers, data=req.body, timeout=10)
    return r.status_code, r.content


def _send_httpx(req: skuwire.Request) -> Tuple[int, bytes]:
    with httpx.Client(trust_env=False, timeout=10) as c:
        r = c.request(req.method, req.url, headers=req.headers, content=req.body)
    return r.status_code, r.content


SENDERS = {"requests": _send_requests, "httpx": _send_httpx}


def _path_and_query(url: str) -> str:
    u = urllib.parse.urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


def _flagship_sign_on_server(path: str, body: bytes, secret: str) -> Tuple[str, str]:
    """What the flagship server does: every URL parameter but sign, plus the
    received body, sorted, k+v concatenated between the secret, MD5."""
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query, keep_blank_values=True))
    sent = params.pop("sign")
    params["body"] = body.decode("utf-8")
    text = secret + "".join(k + v for k, v in sorted(params.items())) + secret
    return sent, hashlib.md5(text.encode("utf-8")).hexdigest()


def _enterprise_sign_on_server(body: bytes, appsecret: str) -> Tuple[str, str]:
    params = dict(urllib.parse.parse_qsl(body.decode("ascii"), keep_blank_values=True))
    sent = params.pop("sign")
    parts = [f"{len(k):02d}-{k}:{len(v):04d}-{v}" for k, v in sorted(params.items())]
    return sent, hashlib.md5((";".join(parts) + appsecret).encode("utf-8")).hexdigest()


@pytest.mark.parametrize("sender", sorted(SENDERS))
def test_flagship_batch_arrives_byte_for_byte(server: Any, sender: str) -> None:
    client = skuwire.Flagship(*FLAGSHIP_CREDS, base_url=_base(server) + "/openapi")
    items = [goods(1), goods(2, "货"), {**goods(3), "remark": "a&b=c d+e/f?g#h 😀"}]
    (batch,) = list(client.plan("goods.Goods.batchPush", items))
    req = batch.sign()
    status, answer = SENDERS[sender](req)
    (seen,) = server.seen
    assert seen["path"] == _path_and_query(req.url)
    assert seen["content_type"] == req.headers["Content-Type"] == "application/json"
    assert seen["body"] == req.body
    sent, recomputed = _flagship_sign_on_server(seen["path"], seen["body"], FLAGSHIP_CREDS[2].split(":")[0])
    assert sent == recomputed == req.sign
    outcome = batch.parse(status, answer)
    assert outcome.ok and outcome.accepted == [0, 1, 2]


@pytest.mark.parametrize("sender", sorted(SENDERS))
def test_enterprise_form_arrives_byte_for_byte(server: Any, sender: str) -> None:
    server.answer = b'{"code": 0, "message": "", "total_count": 0, "goods_list": []}'
    client = skuwire.Enterprise(*ENTERPRISE_CREDS, base_url=_base(server) + "/openapi2")
    batch = client.call(
        "vip_api_goods_query.php",
        {"shop_no": "店铺 A&B", "start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00", "page_size": 40, "page_no": 0},
    )
    req = batch.sign()
    status, answer = SENDERS[sender](req)
    (seen,) = server.seen
    assert seen["path"] == "/openapi2/vip_api_goods_query.php" == _path_and_query(req.url)
    assert seen["content_type"] == req.headers["Content-Type"]
    assert seen["content_type"].startswith("application/x-www-form-urlencoded")
    assert seen["body"] == req.body
    sent, recomputed = _enterprise_sign_on_server(seen["body"], ENTERPRISE_CREDS[2])
    assert sent == recomputed == req.sign
    outcome = batch.parse(status, answer)
    assert outcome.ok and outcome.total_count == 0


@pytest.mark.parametrize("sender", sorted(SENDERS))
def test_ymcart_token_travels_in_the_form(server: Any, sender: str) -> None:
    server.answer = b'{"code": 0, "msg": null}'
    client = skuwire.Ymcart(YMCART_TOKEN, base_url=_base(server) + "/api/{method}")
    batch = client.call("skuList", {"page": 1, "price": Decimal("1.50")})
    req = batch.sign()
    assert YMCART_TOKEN not in repr(req)
    status, answer = SENDERS[sender](req)
    (seen,) = server.seen
    assert seen["path"] == "/api/skuList"
    assert seen["body"] == req.body
    form = dict(urllib.parse.parse_qsl(seen["body"].decode("ascii")))
    assert form == {"token": YMCART_TOKEN, "page": "1", "price": "1.50"}
    assert batch.parse(status, answer).ok


def test_clock_offset_from_the_server_date_header(server: Any) -> None:
    client = skuwire.Flagship(*FLAGSHIP_CREDS, base_url=_base(server) + "/openapi")
    batch = client.call("goods.Goods.queryWithSpec", {"start_time": "2024-01-01 00:00:00"})
    req = batch.sign()
    with requests.Session() as s:
        s.trust_env = False
        r = s.post(req.url, headers=req.headers, data=req.body, timeout=10)
    # The stdlib server stamps a real Date header; our clock is the same machine's.
    offset = skuwire.clock_offset_from_http_date(r.headers["Date"])
    assert abs(offset) <= 2
    client.clock_offset = offset
    assert client.clock_offset == offset
