"""Errors: the record shape, ValidationError's text, codes on SkuwireError,
secrets that never show, and panics that never escape as PanicException."""

from __future__ import annotations

import pickle
import traceback

import pytest

import skuwire

from conftest import client_for, goods



def test_error_dicts_have_the_documented_shape() -> None:
    errors = skuwire.validate("goods.Goods.batchPush", [{"goods_no": "x" * 41, "goods_name": "n", "spec_list": [{"spec_no": "a"}]}])
    assert errors == [
        {
            "type": "string_too_long",
            "loc": (0, "goods_no"),
            "msg": "String should have at most 40 characters",
            "msg_zh": "字符串长度不能超过40个字符",
            "input": "x" * 41,
            "ctx": {"max_length": 40},
        }
    ]
    assert skuwire.validate("goods.Goods.batchPush", [goods(1), goods(2)]) == []


def test_error_types_are_listable() -> None:
    assert len(set(skuwire.ERROR_TYPES)) == len(skuwire.ERROR_TYPES)
    for host_type in ("string_unicode", "decimal_not_finite", "unsupported_type", "nesting_too_deep", "json_invalid"):
        assert host_type in skuwire.ERROR_TYPES


def test_validation_error_lists_every_problem() -> None:
    items = [goods(0), {"goods_no": "", "goods_name": "n", "spec_list": []}, {**goods(2), "goods_type": 7}]
    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").plan("goods.Goods.batchPush", items)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, skuwire.SkuwireError)
    assert e.code == "validation" and e.op == "goods.Goods.batchPush"
    lines = str(e).splitlines()
    assert lines[0] == "3 validation errors for goods.Goods.batchPush"
    assert lines[1:] == [
        "  [1].goods_no: String should have at least 1 character(s) [type=string_too_short]",
        "  [1].spec_list: List should have at least 1 item(s) [type=too_short]",
        "  [2].goods_type: Input should be one of 0, 1, 2, 3, 4, 5, 6 or 8 [type=enum]",
    ]
    assert [x["loc"] for x in e.errors()] == [(1, "goods_no"), (1, "spec_list"), (2, "goods_type")]
    # errors() hands out copies.
    e.errors()[0]["type"] = "changed"
    assert e.errors()[0]["type"] == "string_too_short"
    # It survives a round trip through pickle (worker processes re-raise it).
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is skuwire.ValidationError and str(again) == str(e) and again.errors() == e.errors()


def test_single_error_says_error() -> None:
    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").plan("goods.Goods.batchPush", [{**goods(1), "goods_type": 7}])
    assert str(info.value).splitlines()[0] == "1 validation error for goods.Goods.batchPush"


@pytest.mark.parametrize(
    "call, code",
    [
        (lambda: skuwire.validate("goods.Goods.nope", []), "unknown_operation"),
        (lambda: skuwire.operation("nope"), "unknown_operation"),
        (lambda: client_for("flagship").plan("goods.Goods.nope", []), "unknown_operation"),
        (lambda: client_for("flagship").plan("goods.Goods.batchPush", [], max_items=51), "invalid_argument"),
        (lambda: client_for("flagship").plan("goods.Goods.batchPush", [], max_items=0), "invalid_argument"),
        (lambda: client_for("flagship").plan("goods.Goods.batchPush", [], "ignore"), "invalid_argument"),
        (lambda: client_for("enterprise").plan("vip_api_goods_query.php", []), "unsupported"),
        # Another platform's operation is refused before anything is planned.
        (lambda: client_for("flagship").plan("addGoods", []), "invalid_argument"),
        (lambda: client_for("ymcart").plan("goods.Goods.batchPush", iter([])), "invalid_argument"),
        (lambda: client_for("flagship").call("goods.Goods.query", {}, pager={"page_no": 0}), "invalid_argument"),
        (lambda: client_for("flagship").call("goods.Goods.query", {}, pager={"page_no": -1, "page_size": 10, "calc_total": True}), "invalid_argument"),
        (lambda: client_for("flagship").call("goods.Goods.query", {}, pager={"page_no": 0, "page_size": 10, "calc_total": {1}}), "invalid_argument"),
        (lambda: skuwire.Flagship("s", "k", "no-colon-here"), "credentials"),
        (lambda: skuwire.Enterprise("s", "k", ""), "credentials"),
        (lambda: skuwire.Ymcart("", "https://x.example/{method}"), "credentials"),
        (lambda: skuwire.Flagship("s", "k", "a:b", base_url="ftp://x"), "invalid_argument"),
        (lambda: client_for("enterprise").call("m", 1, 2), "invalid_argument"),
        (lambda: client_for("flagship").call("bad method"), "invalid_argument"),
        (lambda: skuwire.clock_offset_from_http_date("yesterday"), "invalid_argument"),
    ],
)
def test_local_errors_carry_a_code(call, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(skuwire.SkuwireError) as info:
        call()
    assert info.value.code == code
    assert str(info.value) and info.value.msg_zh


def test_signing_for_another_platform_is_refused() -> None:
    batch = client_for("enterprise").call("vip_api_goods_query.php", {"page_no": 0})
    with pytest.raises(skuwire.SkuwireError) as info:
        client_for("flagship").sign(batch)
    assert info.value.code == "invalid_argument"


def test_secrets_never_show() -> None:
    f = skuwire.Flagship("sid1", "key1", "S3cr3tPart:Sa1tPart", skuwire.FLAGSHIP_TEST_URL)
    e = skuwire.Enterprise("sid2", "key2", "EnterpriseSecret99", skuwire.ENTERPRISE_SANDBOX_URL)
    y = skuwire.Ymcart("YmToken77", "https://shop.example.com/api")
    secrets = ["S3cr3tPart", "Sa1tPart", "EnterpriseSecret99", "YmToken77"]
    assert repr(f) == "Flagship(sid='sid1', appkey='key1', appsecret='** REDACTED **', base_url='http://47.92.239.46/openapi', clock_offset=0)"
    shown = [repr(f), str(f), repr(e), str(e), repr(y), str(y)]
    for client, batch in [
        (f, next(iter(f.plan("goods.Goods.batchPush", [goods(1)])))),
        (e, e.call("vip_api_goods_query.php", {"page_no": 0})),
        (y, y.call("skuList", {"page": 1})),
    ]:
        req = batch.sign(timestamp=1_700_000_000)
        shown += [repr(batch), repr(req), str(req), req.string_to_sign, req.redacted_url, req.redacted_body, repr(req.sorted_params)]
        # Errors raised while a client is in use, with their tracebacks.
        for n, bad in enumerate((lambda: client.plan("nope", []), lambda: client.call("bad method"), lambda: batch.sign(timestamp=0) if client is f else client.sign(object()))):  # type: ignore[arg-type]
            # Each call must raise: one that stops raising fails the test
            # instead of leaving nothing to check.
            try:
                bad()
            except skuwire.SkuwireError:
                shown.append(traceback.format_exc())
            else:
                raise AssertionError(f"{type(client).__name__}: attempt {n} raised nothing")
    no_colon = "".join(["OnlySecret", "NoColon"])  # not a literal, or the traceback's source line would show it
    try:
        skuwire.Flagship("s", "k", no_colon)
    except skuwire.SkuwireError:
        shown.append(traceback.format_exc())
    else:
        raise AssertionError("an appsecret without a colon raised nothing")
    secrets.append(no_colon)
    text = "\n".join(shown)
    for s in secrets:
        assert s not in text
    assert "** REDACTED **" in text


def test_a_rust_panic_is_a_skuwire_error() -> None:
    with pytest.raises(skuwire.SkuwireError) as info:
        skuwire._skuwire._panic_for_tests()  # type: ignore[attr-defined]
    assert info.value.code == "internal"
    # The module keeps working afterwards.
    assert skuwire.validate("goods.Goods.batchPush", [goods(1)]) == []
