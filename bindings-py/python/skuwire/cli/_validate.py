"""``skuwire validate``: every problem of a file (or of standard input),
with its row, line and field; ``--max-errors N`` stops the listing at N."""

from __future__ import annotations

import argparse
from typing import Any, Dict, List, TextIO

import skuwire

from ._inputs import read_input
from ._push import error_lines, validation_problems
from ._text import UsageError, dumps, number, t


def run_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        skuwire.operation(args.op)
    except skuwire.SkuwireError as e:
        raise UsageError(str(e), e.msg_zh or str(e))
    if args.max_errors is not None and args.max_errors < 1:
        raise UsageError("--max-errors must be at least 1", "--max-errors 至少为1")
    inp = read_input(args.file, args.op, args.format, args.encoding)
    # The whole input is validated together (uniqueness spans all of it);
    # --max-errors only cuts the listing.
    problems, file_errors = validation_problems(inp, args.op, args.strict, args.lang)
    n_err = sum(len(p.errors) for p in problems.values()) + len(file_errors)
    limit = args.max_errors if args.max_errors is not None else n_err
    if args.output_format in ("json", "jsonl"):
        records: List[Dict[str, Any]] = [dict(e, row=None, line=None) for e in file_errors]
        for row, p in problems.items():
            records.extend(dict(e, row=row) for e in p.errors)
        records = records[:limit]
        if args.output_format == "json":
            out.write(dumps(records, indent=1) + "\n")
        else:
            for r in records:
                out.write(dumps(r) + "\n")
    else:
        for line in error_lines(inp, problems, file_errors, args.lang)[:limit]:
            out.write(line + "\n")
        if n_err:
            out.write(t(args.lang,
                        "%s: %s of %s rows invalid (%s errors) for %s\n" % (inp.path, number(len(problems)), number(len(inp.items)), number(n_err), args.op),
                        "%s：%s条中有%s条不合规（%s个错误），接口 %s\n" % (inp.path, number(len(inp.items)), number(len(problems)), number(n_err), args.op)))
        else:
            out.write(t(args.lang, "%s: all %s rows valid for %s\n" % (inp.path, number(len(inp.items)), args.op),
                        "%s：全部%s条均符合 %s 的规则\n" % (inp.path, number(len(inp.items)), args.op)))
    if n_err > limit:
        err.write(t(args.lang, "skuwire: listed the first %s of %s errors (--max-errors %s)\n" % (number(limit), number(n_err), number(limit)),
                    "skuwire：只列出了%s个错误中的前%s个（--max-errors %s）\n" % (number(n_err), number(limit), number(limit))))
    return 1 if problems or file_errors else 0
