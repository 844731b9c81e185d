"""``skuwire validate``: every problem of a file (or of standard input),
with its row, line and field; ``--max-errors N`` stops at N.

With ``--max-errors`` a JSON Lines input (a file or a pipe) is read line by
line and reading stops once N errors are known, so a long stream with early
mistakes is not read to its end. The library's streaming planner judges the
rows read (every rule, uniqueness across them included); other formats, and
JSON Lines without ``--max-errors``, are validated whole."""

from __future__ import annotations

import argparse
import itertools
import sys
from typing import Any, Dict, Iterator, List, Optional, TextIO, Tuple

import skuwire

from ._inputs import Input, Item, detect_format, iter_jsonl, nest_jsonl, read_input, sniff_format
from ._push import Problem, error_lines, item_key, validation_problems
from ._text import UsageError, dumps, error_msg, loc_text, number, t


def run_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        skuwire.operation(args.op)
    except skuwire.SkuwireError as e:
        raise UsageError(str(e), e.msg_zh or str(e))
    if args.max_errors is not None and args.max_errors < 1:
        raise UsageError("--max-errors must be at least 1", "--max-errors 至少为1")
    info = skuwire.operation(args.op)
    stopped_at: Optional[int] = None
    # Standard input: its first line tells the format (and is kept).
    head = sys.stdin.buffer.readline() if args.file == "-" else b""
    if args.max_errors is not None and info.kind == "push" and _format(args, head) == "jsonl":
        inp, problems, stopped_at = _stream(args, info, head)
        file_errors: List[Dict[str, Any]] = []
    else:
        inp = read_input(args.file, args.op, args.format, args.encoding, head=head)
        # The whole input is validated together (uniqueness spans all of it).
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
    if stopped_at is not None:
        err.write(t(args.lang, "skuwire: stopped reading %s at line %s after %s errors (--max-errors %s); rows after it were not checked\n"
                    % (inp.path, number(stopped_at), number(n_err), number(limit)),
                    "skuwire：发现%s个错误后在第%s行停止读取%s（--max-errors %s）；之后的行未检查\n"
                    % (number(n_err), number(stopped_at), inp.path, number(limit))))
    elif n_err > limit:
        err.write(t(args.lang, "skuwire: listed the first %s of %s errors (--max-errors %s)\n" % (number(limit), number(n_err), number(limit)),
                    "skuwire：只列出了%s个错误中的前%s个（--max-errors %s）\n" % (number(n_err), number(limit), number(limit))))
    return 1 if problems or file_errors else 0


def _format(args: argparse.Namespace, head: bytes) -> Optional[str]:
    if args.format:
        return str(args.format)
    if args.file == "-":
        return sniff_format(head)
    try:
        return detect_format(args.file, None)
    except UsageError:
        return None


class _Planner:
    """A client only to plan with: the library's streaming planner checks
    every rule — uniqueness across the rows read included — and needs a
    client to make batches. This one signs nothing and sends nothing: its
    batches are thrown away."""

    @staticmethod
    def client(info: skuwire.Operation) -> skuwire.Client:
        if info.platform == "ymcart":
            return skuwire.Ymcart("unused", "http://127.0.0.1/{method}")
        cls = skuwire.Flagship if info.platform == "flagship" else skuwire.Enterprise
        return cls("unused", "unused", "unused:unused", base_url="http://127.0.0.1/")


def _stream(args: argparse.Namespace, info: skuwire.Operation, head: bytes) -> Tuple[Input, Dict[int, Problem], Optional[int]]:
    """Reads JSON Lines until ``--max-errors`` errors are known; returns the
    rows read, their problems, and the line where reading stopped (None at
    the end of the input)."""
    limit = args.max_errors
    path = "<stdin>" if args.file == "-" else args.file
    try:
        source = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (args.file, e.strerror or e), "无法读取%s：%s" % (args.file, e.strerror or e))
    read: List[Item] = []
    fed: List[Item] = []
    own: List[int] = []  # each fed row's errors by its own rules
    stopped: List[int] = []
    known = [0]  # errors known so far: read errors and each row's own
    extra = [0]  # errors only the planner sees (uniqueness), as of its last batch

    def values() -> Iterator[Any]:
        lines = itertools.chain([head], source) if args.file == "-" else source
        for item in nest_jsonl(iter_jsonl(lines, args.op)):
            read.append(item)
            if item.errors:
                known[0] += len(item.errors)
            else:
                fed.append(item)
                # The row's own rules now, to know when to stop; the planner
                # (which cannot be asked while it reads) has the final word.
                own.append(len(skuwire.validate(info.name, item.value, strict=args.strict)))
                known[0] += own[-1]
                yield item.value
            if known[0] + extra[0] >= limit:
                stopped.append(item.line or 0)
                return

    try:
        # One row per batch, so the planner's verdict is read after every valid row.
        plan = _Planner.client(info).plan(info.name, values(), on_invalid="skip", strict=args.strict, max_items=1)
        for _ in plan:
            extra[0] = sum(max(len(inv.errors) - own[inv.index], 0) for inv in plan.invalid)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    problems: Dict[int, Problem] = {}
    for item in read:
        if item.errors:
            errs = [dict(e, line=item.line) for e in item.errors]
            problems[item.row] = _problem(info, item, errs, args.lang)
    for inv in plan.invalid:
        item = fed[inv.index]
        errs = [dict(e, loc=(item.row,) + tuple(e["loc"])[1:], line=item.line_of(tuple(e["loc"])[1:])) for e in inv.errors]
        problems[item.row] = _problem(info, item, errs, args.lang)
    inp = Input(path=path, format="jsonl", sha256="", items=read)
    return inp, dict(sorted(problems.items())), (stopped[0] if stopped else None)


def _problem(info: skuwire.Operation, item: Item, errs: List[Dict[str, Any]], lang: str) -> Problem:
    return Problem(row=item.row, line=item.line, stage="invalid", key=item_key(info, item.value), errors=errs,
                   message="; ".join("%s: %s" % (loc_text(e["loc"][1:]), error_msg(e, lang)) for e in errs))
