"""The two public vendor vectors, and signing pitfalls, against the sandbox verifier."""
import pytest

from conftest import WDT_EPOCH, Client, jbody, t_enterprise_sign, t_flagship_sign
from skuwire_sandbox import Sandbox
from skuwire_sandbox.signing import (enterprise_sign, enterprise_sign_string, flagship_sign,
                                     split_appsecret)

F_SECRET = "693f9fed686bfe13441385da98b436b6"
F_SALT = "dd488d0802b1e431e4c72cd355847853"
F_BODY = b'["xc109393939393939","",1.2,0,false]'
F_PARAMS = {"sid": "wdterp30", "key": "czhc", "salt": F_SALT, "method": "wms.stockout.Sales.weighingExt",
            "v": "1.0", "timestamp": "232623153"}
F_SIGN = "20f557aaf9190797c581bbceeb6d5a5c"
E_PARAMS = {"appkey": "test2-xx", "page_no": "0", "end_time": "2016-08-01 13:00:00",
            "start_time": "2016-08-01 12:00:00", "page_size": "40", "sid": "test2",
            "timestamp": "1470042310"}
E_SIGN = "ad4e6fe037ea6e3ba4768317be9d1309"


def test_flagship_vector_module_and_test_signer():
    assert flagship_sign(F_SECRET, F_PARAMS, F_BODY) == F_SIGN
    assert flagship_sign(F_SECRET, dict(F_PARAMS, sign="x"), F_BODY.decode()) == F_SIGN
    assert t_flagship_sign(F_SECRET, F_PARAMS, F_BODY) == F_SIGN


def test_enterprise_vector_module_and_test_signer():
    assert enterprise_sign(E_PARAMS, "12345") == E_SIGN
    assert t_enterprise_sign(E_PARAMS, "12345") == E_SIGN


def test_flagship_vector_over_http():
    """The server accepts the vendor's own signed request: the sign check passes and
    the (unserved) method is what it then complains about."""
    creds = {"flagship": {"sid": "wdterp30", "appkey": "czhc", "appsecret": F_SECRET + ":" + F_SALT}}
    with Sandbox(credentials=creds) as sb:
        sb.set_clock(now=232623153 + WDT_EPOCH + 30)
        c = Client(sb)
        status, out = c.flagship(None, params=dict(F_PARAMS, sign=F_SIGN), body=F_BODY)
        assert status == 200 and out == {"status": 6, "message": "接口不存在"}
        _, out = c.flagship(None, params=dict(F_PARAMS, sign=F_SIGN), body=F_BODY.replace(b"1.2", b"1.3"))
        assert out == {"status": 5, "message": "签名错误"}


def test_enterprise_vector_over_http():
    creds = {"enterprise": {"sid": "test2", "appkey": "test2-xx", "appsecret": "12345"}}
    with Sandbox(credentials=creds) as sb:
        sb.set_clock(now=1470042310)
        c = Client(sb)
        p = {k: v for k, v in E_PARAMS.items() if k not in ("sid", "appkey", "timestamp")}
        status, out = c.enterprise("vip_api_goods_query.php", p, ts=1470042310, sid="test2",
                                   appkey="test2-xx", appsecret="12345", sign=E_SIGN)
        assert status == 200
        assert out == {"code": 0, "message": "ok", "total_count": "0", "goods_list": []}


def test_appsecret_splits_at_first_colon_only():
    assert split_appsecret("sec:sa:lt") == ("sec", "sa:lt")
    creds = {"flagship": {"sid": "s", "appkey": "k", "appsecret": "sec:sa:lt"}}
    with Sandbox(credentials=creds) as sb:
        c = Client(sb)
        goods = [{"goods_no": "A", "goods_name": "a", "spec_list": [{"spec_no": "A1"}]}]
        _, out = c.flagship("goods.Goods.batchPush", [goods], sid="s", key="k", secret="sec", salt="sa:lt")
        assert out == {"status": 0, "data": {"error_list": []}}
        # splitting on every colon gives salt "sa": rejected
        _, out = c.flagship("goods.Goods.batchPush", [goods], sid="s", key="k", secret="sec", salt="sa")
        assert out["status"] == 3


def test_enterprise_lengths_are_code_points():
    s = enterprise_sign_string({"shop_no": "旺店通", "sid": "x"})
    assert s == "07-shop_no:0003-旺店通;03-sid:0001-x"


def test_enterprise_width_is_a_minimum():
    v = "a" * 12345
    assert enterprise_sign_string({"k": v}) == "01-k:12345-" + v


def test_enterprise_byte_length_signature_rejected(client):
    shop = "旺店通-1店"
    params = {"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00", "shop_no": shop}
    _, ok = client.enterprise("vip_api_goods_query.php", params)
    assert ok["code"] == 0
    _, bad = client.enterprise("vip_api_goods_query.php", params, count=lambda s: len(s.encode("utf-8")))
    assert bad == {"code": 1004, "message": "签名错误"}


def test_enterprise_long_value_accepted(client):
    params = {"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00",
              "shop_no": "s" * 12345}
    _, out = client.enterprise("vip_api_goods_query.php", params)
    assert out["code"] == 0


def test_flagship_uppercase_sign_rejected(client):
    params, body = client.flagship_request("goods.Goods.batchPush", [[]])
    params["sign"] = params["sign"].upper()
    _, out = client.flagship(None, params=params, body=body)
    assert out == {"status": 5, "message": "签名错误"}


@pytest.mark.parametrize("ascii_only", [True, False])
def test_any_json_escaping_works_when_signed_bytes_are_sent(client, ascii_only):
    import json
    goods = [{"goods_no": "杯1", "goods_name": "保温杯", "spec_list": [{"spec_no": "杯1-红"}]}]
    body = json.dumps([goods], ensure_ascii=ascii_only).encode()
    _, out = client.flagship("goods.Goods.batchPush", body=body)
    assert out == {"status": 0, "data": {"error_list": []}}
    assert client.sb.snapshot()["goods"][0]["goods_name"] == "保温杯"


def test_body_changed_by_one_byte_rejected(client):
    goods = [{"goods_no": "G1", "goods_name": "n", "spec_list": [{"spec_no": "S1"}]}]

    def flip(body):
        return body.replace(b'"n"', b'"m"')
    _, out = client.flagship("goods.Goods.batchPush", [goods], tamper=flip)
    assert out == {"status": 5, "message": "签名错误"}
    # one trailing byte (whitespace is still valid JSON) is rejected too
    _, out = client.flagship("goods.Goods.batchPush", [goods], tamper=lambda b: b + b" ")
    assert out["status"] == 5
    assert client.sb.snapshot()["goods"] == []


def test_query_param_changed_after_signing_rejected(client):
    params, body = client.flagship_request("goods.Goods.batchPush", [[]], extra={"page_no": "0"})
    params["page_no"] = "1"
    _, out = client.flagship(None, params=params, body=body)
    assert out["status"] == 5
