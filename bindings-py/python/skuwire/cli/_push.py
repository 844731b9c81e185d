"""``skuwire validate`` and ``skuwire push``."""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Optional, TextIO, Tuple

import skuwire

from ._config import Endpoints
from ._http import RetryPolicy, Sender, Stats, exchange
from ._inputs import Input, Item, read_input
from ._journal import Journal
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


def run_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        skuwire.operation(args.op)
    except skuwire.SkuwireError as e:
        raise UsageError(str(e), e.msg_zh or str(e))
    inp = read_input(args.file, args.op, args.format, args.encoding)
    problems, file_errors = validation_problems(inp, args.op, args.strict, args.lang)
    if args.output_format in ("json", "jsonl"):
        records = [dict(e, row=None, line=None) for e in file_errors]
        for row, p in problems.items():
            records.extend(dict(e, row=row) for e in p.errors)
        if args.output_format == "json":
            out.write(dumps(records, indent=1) + "\n")
        else:
            for r in records:
                out.write(dumps(r) + "\n")
    else:
        for line in error_lines(inp, problems, file_errors, args.lang):
            out.write(line + "\n")
        n_err = sum(len(p.errors) for p in problems.values()) + len(file_errors)
        if n_err:
            out.write(t(args.lang,
                        "%s: %s of %s rows invalid (%s errors) for %s\n" % (inp.path, number(len(problems)), number(len(inp.items)), number(n_err), args.op),
                        "%s：%s条中有%s条不合规（%s个错误），接口 %s\n" % (inp.path, number(len(inp.items)), number(len(problems)), number(n_err), args.op)))
        else:
            out.write(t(args.lang, "%s: all %s rows valid for %s\n" % (inp.path, number(len(inp.items)), args.op),
                        "%s：全部%s条均符合 %s 的规则\n" % (inp.path, number(len(inp.items)), args.op)))
    return 1 if problems or file_errors else 0


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
    base = "%s.%s" % (Path(args.file).name, args.op)
    report = args.report or "%s.report.jsonl" % base
    if args.no_journal:
        return report, None
    journal = args.journal or str(Path(report).parent / ("%s.journal.sqlite" % base))
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

    journal = Journal(journal_path, inp.sha256, args.op, endpoint.target, durable=not info.upsert) if journal_path else None
    report = Report(report_path, args.op, redact)
    try:
        states = journal.states() if journal else {}
        for p in problems.values():
            report.add(p)
            for e in p.errors:
                summary.invalid_types[str(e.get("type"))] = summary.invalid_types.get(str(e.get("type")), 0) + 1
        summary.invalid = len(problems)

        todo: List[Item] = []
        for it in inp.items:
            if it.row in problems:
                continue
            state, message = states.get(it.row, (None, None))
            if state == "accepted":
                summary.already_accepted += 1
                continue
            # A row whose call went out without a recorded answer may have been
            # applied: resend it only when the library says the call is an upsert.
            if (state == "unknown" or (state == "sent" and not info.upsert)) and not args.resend_unknown:
                summary.skipped_unknown += 1
                report.add(Problem(row=it.row, line=it.line, stage="unknown", message=t(
                    args.lang,
                    "sent by an earlier run without a known outcome (%s); check the platform, then re-run with --resend-unknown"
                    % (message or "the run stopped while waiting for the answer"),
                    "此前的运行已发送但结果未知（%s）；请先在平台上核对，再用 --resend-unknown 重新运行"
                    % (message or "运行在等待应答时中断"))))
                continue
            todo.append(it)

        sender = Sender(args.timeout)
        policy = RetryPolicy(max_retries=args.max_retries, base=args.backoff_base, cap=args.backoff_cap)
        stats = Stats()
        progress = Progress(err, len(todo), args.op, enabled=not args.no_progress)
        done = 0
        try:
            plan = client.plan(args.op, [it.value for it in todo], on_invalid="skip", strict=args.strict,
                               max_items=args.max_items)
        except skuwire.SkuwireError as e:  # an option the library refuses (--max-items above the limit…)
            raise UsageError(str(e), e.msg_zh or str(e))

        def set_offset(secs: int) -> None:
            client.clock_offset = secs

        for batch in plan:
            rows = [todo[i].row for i in batch.indices]
            if journal:
                journal.record((r, "sent", None) for r in rows)
            outcome, _attempts = exchange(lambda: client.sign(batch), batch.parse, batch.transport_error,
                                          set_offset, sender, policy, stats)
            summary.batches += 1
            summary.sent += len(rows)
            settled: List[Tuple[int, str, Optional[str]]] = []
            for i in outcome.accepted:
                settled.append((todo[i].row, "accepted", None))
            summary.accepted += len(outcome.accepted)
            for r in outcome.rejected:
                item = todo[r.index] if r.index is not None and 0 <= r.index < len(todo) else None
                if item is not None:
                    settled.append((item.row, "rejected", redact(r.message)))
                report.add(Problem(
                    row=item.row if item else None,
                    line=item.line if item else None, stage="rejected", key=r.key, message=r.message,
                    reason=outcome.reason, code=outcome.code, http_status=outcome.http_status))
                summary.rejected += 1
                summary.rejected_reasons[redact(r.message)] = summary.rejected_reasons.get(redact(r.message), 0) + 1
            # The platform may have applied these rows and resending them is
            # not advised: they are kept out of later runs (journal state
            # "unknown") until the platform is checked.
            unknown = outcome.unknown if outcome.retry == "no" else []
            for i in unknown:
                item = todo[i]
                settled.append((item.row, "unknown", redact(outcome.message or "")))
                report.add(Problem(
                    row=item.row, line=item.line, stage="unknown", key=item_key(info, item.value),
                    message=outcome.message or t(args.lang, "the answer does not say whether this row was applied", "应答未说明该行是否已生效"),
                    reason=outcome.reason, code=outcome.code, http_status=outcome.http_status))
                summary.unknown += 1
            answered = set(outcome.accepted) | {r.index for r in outcome.rejected if r.index is not None} | set(unknown)
            for i in batch.indices:
                if i not in answered:
                    # The retries ran out while the library still advised one:
                    # safe to send again in a later run.
                    item = todo[i]
                    summary.unsent += 1
                    settled.append((item.row, "retry", outcome.retry))
                    report.add(Problem(
                        row=item.row, line=item.line, stage="unsent", reason=outcome.reason, code=outcome.code,
                        http_status=outcome.http_status,
                        message=t(args.lang, "gave up after %d retries (advice: %s): %s" % (args.max_retries, outcome.retry, redact(outcome.message or "")),
                                  "重试%d次后放弃（建议：%s）：%s" % (args.max_retries, outcome.retry, redact(outcome.message or "")))))
            if journal:
                journal.record(settled)
            done += len(rows)
            progress.update(done, stats.calls)
        progress.close()
        # The whole input was validated first, so the plan finds nothing new;
        # anything it does find is still reported, never dropped.
        for inv in plan.invalid:
            item = todo[inv.index]
            errs = [dict(e, loc=(item.row,) + tuple(e["loc"])[1:]) for e in inv.errors]
            summary.invalid += 1
            report.add(Problem(row=item.row, line=item.line, stage="invalid", errors=errs, key=item_key(info, item.value),
                               message="; ".join("%s: %s" % (loc_text(e["loc"][1:]), error_msg(e, args.lang)) for e in errs)))
        summary.calls = stats.calls
        summary.retries = dict(stats.retries)
        summary.transport_errors = stats.transport_errors
    finally:
        report.close()
        if journal:
            journal.close()
    summary.seconds = round(time.monotonic() - started, 3)
    _print_summary(summary, out, args.lang)
    if args.summary_json:
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


__all__ = ["run_push", "run_validate", "check_op"]
