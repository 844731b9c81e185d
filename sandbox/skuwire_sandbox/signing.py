"""Signature and clock rules of the three platforms, written from the vendor pages.

This module deliberately does not import skuwire: the sandbox is a second
opinion on request signing.
"""
import hashlib

#: 2012-01-01 00:00:00 Beijing time, the origin of the flagship timestamp.
WDT_EPOCH = 1325347200

#: Allowed clock differences (seconds, inclusive).
FLAGSHIP_CLOCK_WINDOW = 120
ENTERPRISE_CLOCK_WINDOW = 300


def split_appsecret(appsecret):
    """``secret:salt`` split at the first colon only."""
    secret, _sep, salt = appsecret.partition(":")
    return secret, salt


def _b(value):
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def flagship_sign(secret, params, body):
    """MD5(secret + sorted(k + v for params except sign, plus body) + secret).

    ``params`` maps query parameter names to values (str); ``body`` is the
    body exactly as received (bytes) or as text (str, encoded as UTF-8).
    Keys are compared as UTF-8 bytes.
    """
    pairs = [(_b(k), _b(v)) for k, v in params.items() if k != "sign"]
    pairs.append((b"body", _b(body)))
    pairs.sort(key=lambda kv: kv[0])
    h = hashlib.md5()
    s = _b(secret)
    h.update(s)
    for k, v in pairs:
        h.update(k)
        h.update(v)
    h.update(s)
    return h.hexdigest()


def enterprise_sign_string(params):
    """``%02d-key:%04d-value`` for every param except sign, sorted, joined by ';'.

    Lengths count Unicode code points; the widths are minimum widths.
    """
    parts = []
    for key in sorted(params, key=lambda k: k.encode("utf-8")):
        if key == "sign":
            continue
        value = params[key]
        parts.append("%02d-%s:%04d-%s" % (len(key), key, len(value), value))
    return ";".join(parts)


def enterprise_sign(params, appsecret):
    data = enterprise_sign_string(params) + appsecret
    return hashlib.md5(data.encode("utf-8")).hexdigest()
