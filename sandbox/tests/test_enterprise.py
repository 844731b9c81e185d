"""WDT enterprise vip_api_goods_query.php: verification, round trip, paging, 30-day rule."""
import pytest

from conftest import freeze
from skuwire_sandbox.util import bj_parse_strict

DAY = 86400


def api_item(i, **kw):
    d = {"goods_id": "G%03d" % i, "spec_id": "S%03d" % i, "goods_no": "NO%03d" % i,
         "spec_no": "SNO%03d" % i, "goods_name": "测试用例%d" % i, "spec_name": "5474",
         "price": "20", "stock_num": "496"}
    d.update(kw)
    return d


def window(t0, t1):
    from skuwire_sandbox.util import bj_format
    return {"start_time": bj_format(t0), "end_time": bj_format(t1)}


def test_round_trip_fields_as_strings(client, sb):
    t = freeze(sb, bj_parse_strict("2019-01-03 17:29:34"))
    client.push_api_goods("manmao2test", [api_item(0), api_item(1, status=0)])
    _, out = client.query(start_time="2019-01-03 17:29:34", end_time="2019-01-03 17:29:34")
    assert out["code"] == 0 and out["message"] == "ok" and out["total_count"] == "2"
    g = out["goods_list"][0]
    assert g["rec_id"] == "1" and g["shop_no"] == "manmao2test" and g["platform_id"] == "127"
    assert g["api_goods_id"] == "G000" and g["api_spec_id"] == "S000"
    assert g["api_goods_name"] == "测试用例0" and g["api_spec_name"] == "5474"
    assert g["modified"] == "2019-01-03 17:29:34" and g["created"] == "2019-01-03 17:29:34"
    assert g["outer_id"] == "NO000" and g["spec_outer_id"] == "SNO000"
    assert g["stock_num"] == "496.0000" and g["price"] == "20.0000"
    assert g["status"] == "1" and g["is_deleted"] == "0"
    assert out["goods_list"][1]["status"] == "0" and out["goods_list"][1]["is_deleted"] == "1"
    assert all(isinstance(v, str) for v in g.values())
    assert t == bj_parse_strict("2019-01-03 17:29:34")


def test_window_is_closed_and_in_beijing_time(client, sb):
    t = bj_parse_strict("2024-03-01 00:00:00")
    assert t == 1709222400  # 2024-02-29T16:00:00Z
    for i, dt in enumerate((-1, 0, 3600, 3601)):
        sb.set_clock(now=t + dt)
        client.push_api_goods("s", [api_item(i)])
    _, out = client.query(start_time="2024-03-01 00:00:00", end_time="2024-03-01 01:00:00")
    assert [g["api_goods_id"] for g in out["goods_list"]] == ["G001", "G002"]


def test_matches_goods_archive_by_spec_no(client, sb):
    freeze(sb, bj_parse_strict("2024-03-01 00:00:00"))
    client.push_goods([{"goods_no": "A", "goods_name": "档案货品", "spec_list": [{"spec_no": "SNO000", "spec_name": "红"}]}])
    client.push_api_goods("s", [api_item(0), api_item(1)])
    _, out = client.query(start_time="2024-03-01 00:00:00", end_time="2024-03-01 00:00:00")
    a, b = out["goods_list"]
    assert (a["match_target_type"], a["merchant_no"], a["merchant_name"], a["merchant_code"]) == \
        ("1", "SNO000", "档案货品", "红")
    assert (b["match_target_type"], b["merchant_no"]) == ("0", "")


def test_paging_total_count_only_on_page_zero_and_order(client, sb):
    t0 = bj_parse_strict("2024-05-01 10:00:00")
    # pushed in reverse time order: modified decides, then rec_id
    for i in range(25):
        sb.set_clock(now=t0 + (24 - i) // 2)
        client.push_api_goods("s", [api_item(i)])
    w = window(t0, t0 + 100)
    seen = []
    for page in range(4):
        _, out = client.query(page_size=10, page_no=page, **w)
        assert out["code"] == 0
        assert ("total_count" in out) == (page == 0)
        if page == 0:
            assert out["total_count"] == "25"
        seen += [(g["modified"], int(g["rec_id"])) for g in out["goods_list"]]
        assert len(out["goods_list"]) == [10, 10, 5, 0][page]
    assert seen == sorted(seen) and len(set(seen)) == 25


def test_default_page_size_30(client, sb):
    t = freeze(sb)
    client.push_api_goods("s", [api_item(i) for i in range(35)])
    _, out = client.query(**window(t, t))
    assert len(out["goods_list"]) == 30 and out["total_count"] == "35"
    _, out = client.query(page_no=1, **window(t, t))
    assert len(out["goods_list"]) == 5 and "total_count" not in out


def test_shop_filter(client, sb):
    t = freeze(sb)
    client.push_api_goods("a", [api_item(1)])
    client.push_api_goods("b", [api_item(2)])
    _, out = client.query(shop_no="b", **window(t, t))
    assert [g["shop_no"] for g in out["goods_list"]] == ["b"]
    _, out = client.query(shop_no="missing-x", **window(t, t))
    assert out["code"] == 2100


def test_upsert_moves_modified(client, sb):
    t = freeze(sb)
    client.push_api_goods("s", [api_item(1)])
    sb.set_clock(now=t + 10 * DAY)
    client.push_api_goods("s", [api_item(1, price="5")])
    _, out = client.query(**window(t - 10, t + 10))
    assert out["goods_list"] == []
    sb.set_clock(now=t + 10 * DAY)
    _, out = client.query(**window(t + 10 * DAY, t + 10 * DAY))
    assert [(g["rec_id"], g["price"]) for g in out["goods_list"]] == [("1", "5.0000")]


@pytest.mark.parametrize("start,end,code", [
    ("2018-11-01 00:00:00", "2018-11-30 23:59:59", 0),     # the page's own example: allowed
    ("2018-11-01 00:00:00", "2018-12-01 00:00:00", 2104),  # one second more
    ("2018-11-01 00:00:00", "2018-12-31 00:00:00", 2104),
    ("2019-01-01 00:00:00", "2019-01-30 00:00:00", 0),
    ("2018-11-01 00:00:00", "2018-11-01 00:00:00", 0),
])
def test_thirty_day_rule(client, sb, start, end, code):
    _, out = client.query(start_time=start, end_time=end)
    assert out["code"] == code
    if code == 2104:
        assert out == {"code": 2104, "message": "start_time与end_time时间跨度不能超过最大范围 30天"}


@pytest.mark.parametrize("params", [
    {"start_time": "2018-11-02 00:00:00", "end_time": "2018-11-01 00:00:00"},
    {"start_time": "2018-11-01", "end_time": "2018-11-02 00:00:00"},
    {"start_time": "2018-11-1 0:0:0", "end_time": "2018-11-02 00:00:00"},
    {"end_time": "2018-11-02 00:00:00"},
    {"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-02 00:00:00", "page_size": 0},
    {"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-02 00:00:00", "page_size": 101},
    {"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-02 00:00:00", "page_no": -1},
    {"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-02 00:00:00", "page_size": "x"},
])
def test_parameter_errors(client, params):
    _, out = client.query(**params)
    assert out["code"] == 2100 and out["message"].startswith("参数错误")


def test_page_size_bounds_accepted(client):
    for n in (1, 100):
        _, out = client.query(start_time="2018-11-01 00:00:00", end_time="2018-11-02 00:00:00", page_size=n)
        assert out["code"] == 0


def test_clock_window_five_minutes(client, sb):
    t = freeze(sb)
    p = {"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-02 00:00:00"}
    for delta, code in ((300, 0), (-300, 0), (301, 1005), (-301, 1005)):
        _, out = client.enterprise("vip_api_goods_query.php", p, ts=t + delta)
        assert out["code"] == code, delta
    _, out = client.enterprise("vip_api_goods_query.php", p, ts=t - 1325347200)  # WDT epoch by mistake
    assert out["code"] == 1005


def test_enterprise_system_errors(client):
    p = {"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-02 00:00:00"}
    assert client.enterprise("vip_api_goods_query.php", p, sid="x")[1]["code"] == 1002
    assert client.enterprise("vip_api_goods_query.php", p, appkey="x")[1]["code"] == 1003
    assert client.enterprise("vip_api_goods_query.php", p, appsecret="x")[1] == {"code": 1004, "message": "签名错误"}
    assert client.enterprise("nope.php", p)[1]["code"] == 1006
    status, out = client.raw_json("POST", "/openapi2/vip_api_goods_query.php", b"sid=sandbox",
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert out["code"] == 1001 and "appkey" in out["message"]


def test_param_changed_after_signing_rejected(client, sb):
    import urllib.parse
    from conftest import t_enterprise_sign
    t = int(sb.now())
    p = {"sid": "sandbox", "appkey": "sandbox-key", "timestamp": str(t),
         "start_time": "2018-11-01 00:00:00", "end_time": "2018-11-02 00:00:00"}
    p["sign"] = t_enterprise_sign(p, "sandbox-secret")
    p["end_time"] = "2018-11-03 00:00:00"
    _, out = client.raw_json("POST", "/openapi2/vip_api_goods_query.php", urllib.parse.urlencode(p).encode(),
                             {"Content-Type": "application/x-www-form-urlencoded"})
    assert out["code"] == 1004
