#!/usr/bin/env python3
"""Writes the enterprise (企业版) signing vectors `enterprise_sign_*.json`.

Every expectation is computed here, independently of skuwire, from the
signing rules in `../shared/spec/README.md`, using only the standard library
(hashlib, json):

* parameters: sid, appkey, timestamp (plain Unix seconds) plus the business
  parameters; sorted by key (byte order);
* string to sign: for each parameter `"%02d-%s:%04d-%s" % (len(key), key,
  len(value), value)` joined with ";", then the appsecret appended; lengths
  are Unicode code points (Python's len() of a str), and %04d is a minimum
  width, so a 12,345-character value prints 12345;
* sign: MD5 of the UTF-8 bytes, lowercase hex;
* transport: form-encoded POST of the sorted parameters followed by `sign`,
  encoded as application/x-www-form-urlencoded per the WHATWG URL standard
  (space -> '+', `*-._` and ASCII alphanumerics kept, every other byte of
  the UTF-8 encoding as %XX in upper case), to `<base_url>/<method>`.

Usage: python3 tests/vectors/enterprise_vectors.py [--check]
(--check exits non-zero when a file is missing or out of date).
"""

import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REDACTED = "** REDACTED **"
BASE_URL = "https://sandbox.wangdian.cn/openapi2"
CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"

UNRESERVED = set(b"*-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def form_encode(s):
    out = []
    for b in s.encode("utf-8"):
        if b == 0x20:
            out.append("+")
        elif b in UNRESERVED:
            out.append(chr(b))
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def sign_string(params):
    return ";".join("%02d-%s:%04d-%s" % (len(k), k, len(v), v) for k, v in params)


def case(name, description, credentials, method, payload, timestamp, published_sign=None):
    params = [(k, v) for k, v in payload.items()]
    params += [("sid", credentials["sid"]), ("appkey", credentials["appkey"]), ("timestamp", str(timestamp))]
    params.sort(key=lambda kv: kv[0].encode("utf-8"))
    s = sign_string(params)
    sign = hashlib.md5((s + credentials["appsecret"]).encode("utf-8")).hexdigest()
    if published_sign is not None and sign != published_sign:
        raise SystemExit("%s: computed %s, the vendor publishes %s" % (name, sign, published_sign))
    body = "&".join("%s=%s" % (form_encode(k), form_encode(v)) for k, v in params + [("sign", sign)])
    return {
        "name": name,
        "description": description,
        "kind": "sign",
        "platform": "enterprise",
        "credentials": credentials,
        "base_url": BASE_URL,
        "method": method,
        "op": None,
        "payload": payload,
        "timestamp": timestamp,
        "expected": {
            "wire_timestamp": timestamp,
            "sorted_params": [[k, v] for k, v in params],
            "string_to_sign": s + REDACTED,
            "sign": sign,
            "method": "POST",
            "url": BASE_URL + "/" + method,
            "headers": {"Content-Type": CONTENT_TYPE},
            "body": body,
        },
    }


CREDS = {"sid": "skuwire-test", "appkey": "skuwire-appkey", "appsecret": "s3cr3t:with:colons"}


def long_value():
    # 12,345 code points: Chinese, ASCII, astral emoji (one code point each,
    # four UTF-8 bytes) and a ZWJ sequence (several code points, one glyph).
    chunk = "旺店通货品🐼abc 😀👨‍👩‍👧,"
    text = (chunk * (12_345 // len(chunk) + 1))[:12_345]
    assert len(text) == 12_345
    return text


def cases():
    yield case(
        "enterprise_sign_vendor_guide",
        "The vendor guide's public vector (spec/README.md): appsecret 12345 → ad4e6fe037ea6e3ba4768317be9d1309.",
        {"sid": "test2", "appkey": "test2-xx", "appsecret": "12345"},
        "vip_api_goods_query.php",
        {"page_no": "0", "end_time": "2016-08-01 13:00:00", "start_time": "2016-08-01 12:00:00", "page_size": "40"},
        1470042310,
        published_sign="ad4e6fe037ea6e3ba4768317be9d1309",
    )
    yield case(
        "enterprise_sign_chinese",
        "Chinese values: lengths are counted in Unicode code points (iconv_strlen), not UTF-8 bytes.",
        CREDS,
        "vip_api_goods_query.php",
        {
            "start_time": "2019-01-01 00:00:00",
            "end_time": "2019-01-30 23:59:59",
            "shop_no": "旺店通旗舰店-华东仓",
            "page_no": "0",
            "page_size": "100",
        },
        1700000000,
    )
    yield case(
        "enterprise_sign_emoji",
        "Emoji outside the BMP count as one code point each (a ZWJ family counts as five); "
        "form encoding of space, '+', '&', '=', '%', '~', '*' and '/'.",
        CREDS,
        "goods_push.php",
        {
            "goods_name": "保温杯🍵 500ml",
            "remark": "👨‍👩‍👧 a+b&c=d 100% ~*/",
            "shop_no": "shop😀",
        },
        1700000123,
    )
    yield case(
        "enterprise_sign_long_value",
        "A 12,345-character value: %04d is a minimum width, so its length prints as 12345.",
        CREDS,
        "goods_push.php",
        {"shop_no": "long", "goods_list": long_value()},
        1700000456,
    )


def render(v):
    return json.dumps(v, ensure_ascii=False, indent=2) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for v in cases():
        path = os.path.join(HERE, v["name"] + ".json")
        text = render(v)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
