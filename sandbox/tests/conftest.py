"""Shared fixtures and a test-only client.

The signers here are written again from the vendor pages (spec README), on
purpose not imported from skuwire_sandbox.signing: the tests check the
server's verifier against an independent implementation.
"""
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from skuwire_sandbox import Sandbox  # noqa: E402

WDT_EPOCH = 1325347200
SID, KEY, SECRET, SALT = "sandbox", "sandbox-key", "sandbox-secret", "sandbox-salt"
E_SECRET = "sandbox-secret"
TOKEN = "sandbox-token"


def t_flagship_sign(secret, params, body):
    """secret + concat(sorted k+v of params and body, sign excluded) + secret, MD5 lowercase hex."""
    items = {k: v for k, v in params.items() if k != "sign"}
    items["body"] = body.decode("utf-8") if isinstance(body, bytes) else body
    s = secret + "".join(k + items[k] for k in sorted(items)) + secret
    return hashlib.md5(s.encode("utf-8")).hexdigest()


def t_enterprise_sign(params, appsecret, count=len):
    parts = []
    for k in sorted(params):
        if k == "sign":
            continue
        v = params[k]
        parts.append("%02d-%s:%04d-%s" % (count(k), k, count(v), v))
    return hashlib.md5((";".join(parts) + appsecret).encode("utf-8")).hexdigest()


def parse(out):
    """JSON answer -> object; empty -> None; anything else (an HTML page) -> bytes."""
    if not out:
        return None
    try:
        return json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return out


def jbody(args):
    return json.dumps(args, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Client:
    def __init__(self, sb):
        self.sb = sb

    # -- raw HTTP
    def raw(self, http_method, path, body=None, headers=None, timeout=10):
        req = urllib.request.Request(self.sb.url + path, data=body, method=http_method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def raw_json(self, *a, **kw):
        status, headers, body = self.raw(*a, **kw)
        return status, json.loads(body.decode("utf-8"))

    # -- flagship
    def flagship_request(self, method, args=None, body=None, ts=None, sid=SID, key=KEY, secret=SECRET,
                         salt=SALT, v="1.0", extra=None):
        if body is None:
            body = jbody(args)
        if ts is None:
            ts = int(self.sb.now()) - WDT_EPOCH
        params = {"sid": sid, "key": key, "salt": salt, "method": method, "v": v, "timestamp": str(ts)}
        params.update(extra or {})
        params["sign"] = t_flagship_sign(secret, params, body)
        return params, body

    def flagship(self, method, args=None, body=None, tamper=None, timeout=10, params=None, **kw):
        if params is None:
            params, body = self.flagship_request(method, args, body=body, **kw)
        if tamper:
            body = tamper(body)
        status, _h, out = self.raw("POST", "/openapi?" + urllib.parse.urlencode(params), body,
                                   {"Content-Type": "application/json"}, timeout=timeout)
        return status, parse(out)

    def push_goods(self, goods):
        return self.flagship("goods.Goods.batchPush", [goods])

    def push_api_goods(self, shop_no, goods_list):
        return self.flagship("goods.ApiGoods.upload", [{"shop_no": shop_no, "goods_list": goods_list}])

    # -- enterprise
    def enterprise(self, name, params, ts=None, sid=SID, appkey=KEY, appsecret=E_SECRET, timeout=10,
                   count=len, sign=None):
        p = {"sid": sid, "appkey": appkey,
             "timestamp": str(int(self.sb.now()) if ts is None else ts)}
        p.update({k: str(v) for k, v in params.items()})
        p["sign"] = sign or t_enterprise_sign(p, appsecret, count)
        status, _h, out = self.raw("POST", "/openapi2/" + name, urllib.parse.urlencode(p).encode(),
                                   {"Content-Type": "application/x-www-form-urlencoded"}, timeout=timeout)
        return status, parse(out)

    def query(self, **params):
        return self.enterprise("vip_api_goods_query.php", params)

    # -- ymcart
    def ymcart(self, method, token=TOKEN, timeout=10, **params):
        p = {} if token is None else {"token": token}
        for k, v in params.items():
            p[k] = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        status, _h, out = self.raw("POST", "/ymcart/" + method, urllib.parse.urlencode(p).encode(),
                                   {"Content-Type": "application/x-www-form-urlencoded"}, timeout=timeout)
        return status, parse(out)

    # -- control
    def control(self, http_method, name, payload=None):
        body = None if payload is None else json.dumps(payload).encode()
        return self.raw_json(http_method, "/_sandbox/" + name, body,
                             {"Content-Type": "application/json"} if body else {})


@pytest.fixture
def sb():
    with Sandbox(timeout_delay=2.0) as s:
        yield s


@pytest.fixture
def client(sb):
    return Client(sb)


def freeze(sb, when=None):
    """Freeze the sandbox clock (default: now, whole second)."""
    t = int(time.time()) if when is None else when
    sb.set_clock(now=t)
    return t
