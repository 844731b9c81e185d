"""``skuwire explain-sign``: what the library signs, step by step, with
every secret redacted — for the "why is my sign wrong" question.

Everything printed comes from the signed :class:`skuwire.Request`
(``sorted_params``, ``string_to_sign``, ``sign``, ``redacted_url``,
``redacted_body``); the library redacts secrets in each of them.
"""

from __future__ import annotations

import argparse
from typing import Any, Dict, List, Optional, TextIO, Tuple

import skuwire

from ._config import Endpoints
from ._inputs import read_input
from ._push import validation_problems, error_lines
from ._text import Redactor, UsageError, dumps, error_msg, loads, loc_text, t


def _payload(args: argparse.Namespace) -> Any:
    try:
        return loads(args.payload)
    except ValueError as e:
        raise UsageError("--payload is not JSON: %s" % e, "--payload 不是合法的JSON：%s" % e)


def _batch(args: argparse.Namespace, endpoints: Endpoints, err: TextIO) -> Tuple[skuwire.Client, Optional[skuwire.Batch], str, Any]:
    """(client, batch, description, query plan or None)."""
    if args.method:
        if not args.platform:
            raise UsageError("--method needs --platform (%s)" % ", ".join(skuwire.PLATFORMS),
                             "--method 需要同时指定 --platform（%s）" % "、".join(skuwire.PLATFORMS))
        client = endpoints.get(args.platform).client
        payload = _payload(args) if args.payload is not None else None
        if isinstance(client, skuwire.Flagship):
            # Flagship calls take positional arguments: a JSON array of them.
            call_args: List[Any] = payload if isinstance(payload, list) else ([] if payload is None else [payload])
            return client, client.call(args.method, *call_args), "%s (%s, generic call)" % (args.method, args.platform), None
        return client, client.call(args.method, payload if payload is not None else {}), "%s (%s, generic call)" % (args.method, args.platform), None

    try:
        info = skuwire.operation(args.op)
    except skuwire.SkuwireError as e:
        raise UsageError(str(e), e.msg_zh or str(e))
    client = endpoints.get(info.platform).client
    if info.kind == "query":
        params = _payload(args) if args.payload is not None else _params_file(args.file) if args.file else {}
        try:
            query = client.query(args.op, params)
        except skuwire.SkuwireError as e:
            raise UsageError(str(e), e.msg_zh or str(e))
        return client, None, "%s (%s, first page)" % (args.op, info.platform), query

    if args.file:
        inp = read_input(args.file, args.op, args.format, args.encoding)
        problems, file_errors = validation_problems(inp, args.op, False, args.lang)
        lines = error_lines(inp, problems, file_errors, args.lang)
        limit = len(lines) if args.max_errors is None else max(args.max_errors, 0)
        for line in lines[:limit]:
            err.write(line + "\n")
        if len(lines) > limit:
            err.write(t(args.lang, "skuwire: listed the first %d of %d errors (--max-errors %d); the invalid rows are left out of the batch\n" % (limit, len(lines), limit),
                        "skuwire：只列出了%d个错误中的前%d个（--max-errors %d）；不合规的行不在这一批中\n" % (len(lines), limit, limit)))
        if file_errors:
            raise UsageError("%s cannot be read" % args.file, "无法读取%s" % args.file)
        values = [it.value for it in inp.items if it.row not in problems and not it.errors]
    elif args.payload is not None:
        payload = _payload(args)
        values = payload if isinstance(payload, list) else [payload]
    else:
        raise UsageError("give a FILE or --payload JSON", "请提供文件或 --payload JSON")
    try:
        push_plan = client.plan(args.op, values, on_invalid="skip")
    except skuwire.SkuwireError as e:
        raise UsageError(str(e), e.msg_zh or str(e))
    batches = list(push_plan)
    for inv in push_plan.invalid:
        for x in inv.errors:
            err.write("row %s %s: %s [%s]\n" % (inv.index, loc_text(tuple(x["loc"])[1:]), error_msg(x, args.lang), x["type"]))
    if not batches:
        raise UsageError("nothing to sign: no valid item", "没有可签名的内容：没有合规的条目")
    if not 1 <= args.batch <= len(batches):
        raise UsageError("--batch %d: the input makes %d batch(es)" % (args.batch, len(batches)),
                         "--batch %d：输入只分成了%d批" % (args.batch, len(batches)))
    batch = batches[args.batch - 1]
    desc = "%s (%s), batch %d of %d, %d items" % (args.op, info.platform, args.batch, len(batches), len(batch))
    return client, batch, desc, None


def _params_file(path: str) -> Any:
    """Query parameters: a JSON object in a file, or on standard input (``-``)."""
    import sys

    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8-sig").read()
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror or e), "无法读取%s：%s" % (path, e.strerror or e))
    try:
        return loads(text)
    except ValueError as e:
        raise UsageError("%s is not JSON: %s" % (path, e), "%s不是合法的JSON：%s" % (path, e))


def run_explain(args: argparse.Namespace, endpoints: Endpoints, out: TextIO, err: TextIO) -> int:
    if bool(args.op) == bool(args.method):
        raise UsageError("give either --op or --method", "请指定 --op 或 --method 之一")
    client, batch, desc, plan = _batch(args, endpoints, err)
    try:
        if plan is not None:
            req = plan.next_request(timestamp=args.timestamp)
        else:
            assert batch is not None
            req = client.sign(batch, timestamp=args.timestamp)
    except skuwire.SkuwireError as e:
        raise UsageError(str(e), e.msg_zh or str(e))
    # The library already redacts; this only guards the text around it.
    redact = Redactor(endpoints.get(client.platform).secrets)
    data: Dict[str, Any] = {
        "call": desc,
        "platform": client.platform,
        "timestamp": req.timestamp,
        "sorted_params": [[k, v] for k, v in req.sorted_params],
        "string_to_sign": req.string_to_sign,
        "sign": req.sign,
        "http_method": req.method,
        "url": req.redacted_url,
        "headers": dict(req.headers),
        "body": req.redacted_body,
    }
    if args.json:
        out.write(redact(dumps(data, indent=1)) + "\n")
        return 0
    lang = args.lang
    w = out.write
    w("%s  %s\n" % (t(lang, "call     ", "调用     "), desc))
    if req.string_to_sign:
        w("%s  %s%s\n" % (t(lang, "timestamp", "时间戳   "), req.timestamp,
                           t(lang, " (as sent)", "（实际发送值）")))
    w(t(lang, "parameters, sorted by key (secrets redacted):\n", "参数（按键排序，密钥已隐去）：\n"))
    width = max((len(k) for k, _ in req.sorted_params), default=0)
    for k, v in req.sorted_params:
        w("  %s%s  %s\n" % (k, " " * (width - len(k)), v))
    if req.string_to_sign:
        w(t(lang, "string to sign (each %s stands for the secret):\n" % skuwire.REDACTED,
            "待签名字符串（%s 处为密钥）：\n" % skuwire.REDACTED))
        w("  %s\n" % req.string_to_sign)
        w("%s  %s\n" % (t(lang, "sign     ", "签名     "), req.sign))
    else:
        w(t(lang, "nothing is signed: the token travels as a form field\n", "此平台不签名：令牌作为表单字段发送\n"))
    w("%s  %s %s\n" % (t(lang, "request  ", "请求     "), req.method, req.redacted_url))
    for k, v in req.headers.items():
        w("  %s: %s\n" % (k, v))
    w("%s  %s\n" % (t(lang, "body     ", "请求体   "), req.redacted_body))
    return 0
