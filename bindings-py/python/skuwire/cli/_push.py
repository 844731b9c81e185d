"""``skuwire push`` (and the validation it shares with ``validate``)."""

from __future__ import annotations

import argparse
import csv
import logging
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Optional, TextIO, Tuple

import skuwire

from ._config import Endpoints
from skuwire._http import UrllibSender
from skuwire._push import Journal, _NoJournal
from skuwire._push import run as _push_run

from ._inputs import Input, Item, read_input
from . import _log
from ._http import _why
from ._progress import Progress
from ._text import Redactor, UsageError, dumps, error_msg, loc_text, number, short_input, t

def check_op(op: str, kind: str) -> skuwire.Operation:
    try:
        info = skuwire.operation(op)
    except skuwire.SkuwireError as e:
        raise UsageError(str(e), e.msg_zh or str(e))
    if info.kind != kind:
        other = "pull" if info.kind == "query" else "push"
        raise UsageError("%s is a %s operation: use `skuwire %s`" % (op, info.kind, other),
                         "%s是%s接口：请使用 `skuwire %s`" % (op, "查询" if info.kind == "query" else "推送", other))
    return info


@dataclass
class Problem:
    """One line of the rejected-rows report."""

    row: Optional[int]
    line: Optional[int]
    stage: str  # invalid | rejected | unknown | unsent
    message: str
    key: Optional[str] = None
    reason: Optional[str] = None
    code: Optional[int] = None
    http_status: Optional[int] = None
    errors: List[Dict[str, Any]] = field(default_factory=list)


def item_key(info: skuwire.Operation, value: Any) -> Optional[str]:
    """The key an invalid row is reported by: the field answers name items
    by (``Operation.item_key``), as the platform's rejections do."""
    if info.item_key is None or not isinstance(value, dict):
        return None
    key = value.get(info.item_key)
    if isinstance(key, bool) or not isinstance(key, (str, int, Decimal)):
        return None
    return str(key)


def validation_problems(inp: Input, op: str, strict: bool, lang: str) -> Tuple[Dict[int, Problem], List[Dict[str, Any]]]:
    """Every invalid row (validated together, so uniqueness spans the whole
    input) and the errors about the file as a whole."""
    info = skuwire.operation(op)
    # Each error gets the (1-based) line of the file it was read from, when the format has lines.
    errors: Dict[int, List[Dict[str, Any]]] = {
        it.row: [dict(e, line=it.line_of(tuple(e.get("loc") or ())[1:])) for e in it.errors] for it in inp.items if it.errors}
    readable = [it for it in inp.items if not it.errors]
    file_errors = list(inp.file_errors)
    if readable:
        for e in skuwire.validate(op, [it.value for it in readable], strict=strict):
            loc = tuple(e.get("loc") or ())
            if not loc or not isinstance(loc[0], int) or not 0 <= loc[0] < len(readable):
                file_errors.append(e)
                continue
            item = readable[loc[0]]
            errors.setdefault(item.row, []).append(dict(e, loc=(item.row,) + loc[1:], line=item.line_of(loc[1:])))
    by_row = {it.row: it for it in inp.items}
    problems = {
        row: Problem(row=row, line=by_row[row].line, stage="invalid", key=item_key(info, by_row[row].value),
                     message="; ".join("%s: %s" % (loc_text(e["loc"][1:]), error_msg(e, lang)) for e in errs),
                     errors=errs)
        for row, errs in sorted(errors.items())
    }
    return problems, file_errors


def error_lines(inp: Input, problems: Dict[int, Problem], file_errors: List[Dict[str, Any]], lang: str) -> List[str]:
    out = []
    for e in file_errors:
        out.append("%s: %s: %s [%s]" % (inp.path, loc_text(e.get("loc") or ()), error_msg(e, lang), e.get("type")))
    for row, p in problems.items():
        for e in p.errors:
            loc = tuple(e["loc"])
            line = e.get("line")
            where = t(lang, "row %d" % row, "第%d条" % row) + (t(lang, " (line %d)" % line, "（第%d行）" % line) if line else "")
            text = "%s %s: %s [%s]" % (where, loc_text(loc[1:]), error_msg(e, lang), e.get("type"))
            if e.get("input") is not None:
                text += " input=" + short_input(e.get("input"))
            out.append(text)
    return out


@dataclass
class PushSummary:
    op: str
    input: str
    target: str
    rows: int = 0
    already_accepted: int = 0
    invalid: int = 0
    sent: int = 0
    accepted: int = 0
    rejected: int = 0
    unknown: int = 0
    unsent: int = 0
    skipped_unknown: int = 0
    batches: int = 0
    calls: int = 0
    retries: Dict[str, int] = field(default_factory=dict)
    transport_errors: int = 0
    seconds: float = 0.0
    report: Optional[str] = None
    journal: Optional[str] = None
    invalid_types: Dict[str, int] = field(default_factory=dict)
    rejected_reasons: Dict[str, int] = field(default_factory=dict)


def _default_paths(args: argparse.Namespace) -> Tuple[str, Optional[str]]:
    # Standard input has no name: its report and journal are named "stdin".
    base = "%s.%s" % ("stdin" if args.file == "-" else Path(args.file).name, args.op)
    report = args.report or "%s.report.jsonl" % base
    if args.no_journal:
        return report, None
    journal = args.journal or str(Path(report).parent / ("%s.journal.jsonl" % base))
    return report, journal


class Report:
    """The rejected-rows report: JSONL (one object per row), or CSV when the
    file name ends in .csv."""

    COLUMNS = ("row", "line", "stage", "key", "message", "reason", "code", "http_status", "errors")

    def __init__(self, path: str, op: str, redact: Redactor) -> None:
        self.path = path
        self.op = op
        self.redact = redact
        self.count = 0
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._f = open(path, "w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._f) if path.lower().endswith(".csv") else None
        if self._csv is not None:
            self._csv.writerow(("op",) + self.COLUMNS)

    def add(self, p: Problem) -> None:
        self.count += 1
        rec = asdict(p)
        rec["message"] = self.redact(rec["message"])
        if self._csv is not None:
            self._csv.writerow([self.op] + ["" if rec[c] in (None, []) else dumps(rec[c]) if c == "errors" else rec[c] for c in self.COLUMNS])
        else:
            self._f.write(dumps(dict({"op": self.op}, **rec)) + "\n")
        self._f.flush()

    def close(self) -> None:
        self._f.close()


def _fates(outcome: skuwire.Outcome) -> Tuple[List[skuwire.Rejected], List[int]]:
    """The outcome's refused items and the positions it leaves unknown when
    no retry is advised (an upsert's unknown rows are sent again by the
    driver, not reported)."""
    return list(outcome.rejected), (list(outcome.unknown) if outcome.retry == "no" else [])


def _start(client: skuwire.Client, args: argparse.Namespace, values: List[Any], journal_path: Optional[str],
           sandbox: bool) -> Tuple[skuwire.PushDriver, Any]:
    """The push driver, resumed from the journal when there is one."""
    kw: Dict[str, Any] = dict(on_invalid="skip", strict=args.strict, max_items=args.max_items, concurrency=args.concurrency,
                              rate=args.rate, seed=random.getrandbits(64), max_attempts=args.max_retries + 1,
                              backoff_base=args.backoff_base, backoff_cap=args.backoff_cap,
                              # A re-run sends rejected rows again, in case what they depended on was fixed.
                              resend_rejected=True, resend_unknown=args.resend_unknown)
    if journal_path is None:
        try:
            return client.push_driver(args.op, values, **kw), _NoJournal()
        except skuwire.SkuwireError as e:  # an option the library refuses (--max-items above the limit…)
            raise UsageError(str(e), e.msg_zh or str(e))
    writer = Journal(journal_path)._open()
    try:
        try:
            driver = client.push_driver(args.op, values, journal=writer.existing or None, **kw)
        except skuwire.SkuwireError as e:
            if e.code != "state":
                raise UsageError(str(e), e.msg_zh or str(e))
            if not sandbox:
                raise UsageError("%s: %s" % (journal_path, e), "%s：%s" % (journal_path, e.msg_zh or e))
            # The in-process sandbox starts empty every run: an earlier run's journal protects nothing.
            driver = client.push_driver(args.op, values, **kw)
        writer.start(driver.journal_keep, durable=not driver.upsert)
        writer.write(driver.take_journal())
    except BaseException:
        writer.close()
        raise
    return driver, writer


def run_push(args: argparse.Namespace, endpoints: Endpoints, out: TextIO, err: TextIO) -> int:
    started = time.monotonic()
    info = check_op(args.op, "push")
    inp = read_input(args.file, args.op, args.format, args.encoding)
    endpoint = endpoints.get(info.platform)
    client = endpoint.client
    redact = Redactor(endpoint.secrets)
    report_path, journal_path = _default_paths(args)
    summary = PushSummary(op=args.op, input=args.file, target=endpoint.target, rows=len(inp.items),
                          report=report_path, journal=journal_path)

    problems, file_errors = validation_problems(inp, args.op, args.strict, args.lang)
    if file_errors:
        for line in error_lines(inp, {}, file_errors, args.lang):
            err.write(line + "\n")
        err.write(t(args.lang, "skuwire: nothing sent: %s cannot be read as %s\n" % (inp.path, inp.format),
                    "skuwire：未发送：无法按%s读取%s\n" % (inp.format, inp.path)))
        return 1

    # The driver's input positions are the valid rows in input order (the
    # whole input was validated first, so uniqueness spans all of it).
    valid: List[Item] = [it for it in inp.items if it.row not in problems]
    report = Report(report_path, args.op, redact)
    writer: Any = _NoJournal()
    try:
        for p in problems.values():
            report.add(p)
            for e in p.errors:
                summary.invalid_types[str(e.get("type"))] = summary.invalid_types.get(str(e.get("type")), 0) + 1
        summary.invalid = len(problems)
        driver, writer = _start(client, args, [it.value for it in valid], journal_path, endpoint.sandbox)
        before = driver.report()
        summary.already_accepted = len(before.accepted)
        for i in before.unknown:
            # Sent by an earlier run without a known outcome: the platform may have applied it.
            it = valid[i]
            summary.skipped_unknown += 1
            report.add(Problem(row=it.row, line=it.line, stage="unknown", key=item_key(info, it.value), message=t(
                args.lang,
                "sent by an earlier run without a known outcome; check the platform, then re-run with --resend-unknown",
                "此前的运行已发送但结果未知；请先在平台上核对，再用 --resend-unknown 重新运行")))

        progress = Progress(err, len(before.unsent), args.op, enabled=not args.no_progress and not args.quiet)
        last: Dict[int, skuwire.Outcome] = {}
        sent: set = set()
        settled = [0]
        calls = [0]

        def on_answer(positions: List[int], outcome: skuwire.Outcome) -> None:
            calls[0] += 1
            sent.update(positions)
            if outcome.reason == "transport":
                summary.transport_errors += 1
            for p in positions:
                last[p] = outcome
            rejected, unknown = _fates(outcome)
            summary.accepted += len(outcome.accepted)
            for r in rejected:
                it = valid[r.index] if r.index is not None and 0 <= r.index < len(valid) else None
                report.add(Problem(row=it.row if it else None, line=it.line if it else None, stage="rejected", key=r.key,
                                   message=r.message, reason=outcome.reason, code=outcome.code, http_status=outcome.http_status))
                summary.rejected += 1
                summary.rejected_reasons[redact(r.message)] = summary.rejected_reasons.get(redact(r.message), 0) + 1
            for i in unknown:
                it = valid[i]
                summary.unknown += 1
                report.add(Problem(row=it.row, line=it.line, stage="unknown", key=item_key(info, it.value),
                                   message=outcome.message or t(args.lang, "the answer does not say whether this row was applied",
                                                                "应答未说明该行是否已生效"),
                                   reason=outcome.reason, code=outcome.code, http_status=outcome.http_status))
            if outcome.retry == "no":
                settled[0] += len(positions)
            progress.update(settled[0], calls[0])

        # Batches are numbered (from 1) in the order they are first sent;
        # the driver's call ids are per send (a retry is a new call).
        batch_of: Dict[Tuple[int, ...], int] = {}
        retrying: Dict[int, Tuple[int, skuwire.Outcome]] = {}  # batch → (its next attempt, the outcome advising it)
        announced: set = set()

        def batch_no(positions: List[int]) -> int:
            return batch_of.setdefault(tuple(positions), len(batch_of) + 1)

        def on_event(kind: str, data: Dict[str, Any]) -> None:
            """Log lines: one per call answered (-v), and every backoff wait, with how long and why."""
            if kind == "answer":
                o, status, pos = data["outcome"], data["status"], data["positions"]
                batch = batch_no(pos)
                _log.event(logging.INFO, "call", "call %s batch %d attempt %d: %s, %s (retry: %s, %d ms)" % (
                    args.op, batch, data["attempt"], "HTTP %d" % status if status is not None else "no answer (%s)" % data["error"],
                    o.status if o else "?", o.retry if o else "?", data["latency_ms"]),
                    op=args.op, batch=batch, call=data["call"], rows="%d-%d" % (pos[0], pos[-1]) if pos else None,
                    attempt=data["attempt"], status=status, outcome=o.status if o else None, reason=o.reason if o else None,
                    retry=o.retry if o else None, latency_ms=data["latency_ms"])
                if o is not None and o.retry != "no":
                    retrying[batch] = (data["attempt"] + 1, o)
            elif kind == "send":
                retrying.pop(batch_no(data["positions"]), None)
            elif kind == "wait" and retrying and data["seconds"]:
                batch, (attempt, o) = min(retrying.items())
                if (batch, attempt) not in announced:
                    announced.add((batch, attempt))
                    _log.event(logging.WARNING, "backoff", _why(args.lang, o.retry, data["seconds"], attempt, {"op": args.op, "batch": batch}, o),
                               op=args.op, batch=batch, wait_s=round(data["seconds"], 3), next_attempt=attempt, retry=o.retry, reason=o.reason)

        final = _push_run(driver, UrllibSender(args.timeout), writer, args.concurrency, on_answer, on_event)
        progress.close()
        summary.sent = len(sent)
        summary.calls = final.calls - before.calls
        summary.retries = {k: v - before.retries[k] for k, v in final.retries.items() if v - before.retries[k]}
        summary.batches = summary.calls - sum(summary.retries.values())
        for i in final.unsent:
            # The retries ran out while the library still advised one: safe to send again in a later run.
            it = valid[i]
            o = last.get(i)
            summary.unsent += 1
            report.add(Problem(
                row=it.row, line=it.line, stage="unsent", key=item_key(info, it.value),
                reason=o.reason if o else None, code=o.code if o else None, http_status=o.http_status if o else None,
                message=t(args.lang, "gave up after %d retries (advice: %s): %s" % (args.max_retries, o.retry if o else "-", redact(o.message or "") if o else ""),
                          "重试%d次后放弃（建议：%s）：%s" % (args.max_retries, o.retry if o else "-", redact(o.message or "") if o else ""))))
        # The whole input was validated first, so the plan finds nothing new;
        # anything it does find is still reported, never dropped.
        for inv in final.invalid:
            it = valid[inv.index]
            errs = [dict(e, loc=(it.row,) + tuple(e["loc"])[1:]) for e in inv.errors]
            summary.invalid += 1
            report.add(Problem(row=it.row, line=it.line, stage="invalid", errors=errs, key=item_key(info, it.value),
                               message="; ".join("%s: %s" % (loc_text(e["loc"][1:]), error_msg(e, args.lang)) for e in errs)))
    finally:
        report.close()
        writer.close()
    summary.seconds = round(time.monotonic() - started, 3)
    # --summary-json -: the JSON is the data on stdout, the human summary goes to stderr.
    _print_summary(summary, err if args.summary_json == "-" else out, args.lang)
    if args.summary_json == "-":
        out.write(dumps(asdict(summary), indent=1) + "\n")
    elif args.summary_json:
        Path(args.summary_json).write_text(dumps(asdict(summary), indent=1) + "\n", encoding="utf-8")
    if summary.unknown or summary.unsent or summary.skipped_unknown:
        return 3
    return 1 if summary.invalid or summary.rejected else 0


def _print_summary(s: PushSummary, out: TextIO, lang: str) -> None:
    w = out.write
    w(t(lang, "push %s  %s\n" % (s.op, s.input), "推送 %s  %s\n" % (s.op, s.input)))
    rows = [
        (t(lang, "target", "目标"), s.target),
        (t(lang, "rows in input", "输入行数"), number(s.rows)),
    ]
    if s.already_accepted:
        rows.append((t(lang, "already accepted", "此前已接受"), t(lang, "%s (journal; not sent again)" % number(s.already_accepted),
                                                                  "%s（日志记录，不再发送）" % number(s.already_accepted))))
    if s.skipped_unknown:
        rows.append((t(lang, "outcome unknown", "结果未知"), t(lang, "%s (sent before; not resent)" % number(s.skipped_unknown),
                                                             "%s（此前已发送，不重发）" % number(s.skipped_unknown))))
    kinds = ", ".join("%s ×%d" % kv for kv in sorted(s.invalid_types.items()))
    rows += [
        (t(lang, "invalid (not sent)", "不合规（未发送）"), number(s.invalid) + (" — " + kinds if kinds else "")),
        (t(lang, "sent", "已发送"), t(lang, "%s rows in %s batches" % (number(s.sent), number(s.batches)),
                                     "%s行，%s批" % (number(s.sent), number(s.batches)))),
        (t(lang, "accepted", "已接受"), number(s.accepted)),
        (t(lang, "rejected", "被拒绝"), number(s.rejected)),
    ]
    if s.unknown:
        rows.append((t(lang, "outcome unknown", "结果未知"), number(s.unknown)))
    if s.unsent:
        rows.append((t(lang, "gave up (re-run)", "放弃（请重跑）"), number(s.unsent)))
    retries = ", ".join("%s ×%d" % kv for kv in sorted(s.retries.items()))
    rows += [
        (t(lang, "calls", "调用次数"), number(s.calls) + (t(lang, " (retries: %s)" % retries, "（重试：%s）" % retries) if retries else "")),
        (t(lang, "time", "耗时"), "%.1f s" % s.seconds),
        (t(lang, "report", "报告"), t(lang, "%s (%s rows)", "%s（%s行）") % (s.report, number(s.invalid + s.rejected + s.unknown + s.unsent + s.skipped_unknown))),
    ]
    width = max(_width(k) for k, _ in rows)
    for k, v in rows:
        w("  %s%s  %s\n" % (k, " " * (width - _width(k)), v))
    for msg, n in Counter(s.rejected_reasons).most_common(10):
        w("    %s ×%s\n" % (msg, number(n)))
    if len(s.rejected_reasons) > 10:
        w(t(lang, "    … %d more reasons in the report\n" % (len(s.rejected_reasons) - 10),
            "    ……另有%d种原因，见报告\n" % (len(s.rejected_reasons) - 10)))


def _width(text: str) -> int:
    # CJK characters take two columns on a terminal.
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


__all__ = ["run_push", "check_op"]
