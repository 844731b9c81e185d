"""``skuwire pull``: drives the library's query planner (windows, pages,
de-duplication) and writes the rows as JSON Lines, resumably.

The state file holds the planner's own state plus how many bytes of the
output file belong to completed pages::

    {"skuwire_pull": 1, "op": …, "out": …, "out_bytes": N, "rows": N, "plan": <QueryPlan.state()>}

It is written (atomically) after each page, once that page's rows are on
disk. On resume the output is cut back to ``out_bytes`` — rows written
after the last saved state belong to a page the plan will ask for again —
so no row is lost and none is written twice.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, TextIO, Tuple

import skuwire

from ._config import Endpoints
from ._http import RetryPolicy, Sender, Stats, exchange
from ._progress import Progress
from ._push import check_op
from ._text import Redactor, UsageError, dumps, loads, number, t

STATE_FORMAT = 1
#: Parts of the planner's state that define the query (the rest is progress).
_QUERY_FIELDS = ("op", "params", "page_size", "window_secs", "strict", "dedup")


@dataclass
class PullSummary:
    op: str
    out: str
    target: str
    rows_written: int = 0
    rows_total: int = 0
    resumed: bool = False
    pages: int = 0
    calls: int = 0
    retries: Dict[str, int] = field(default_factory=dict)
    transport_errors: int = 0
    duplicates_dropped: int = 0
    done: bool = False
    seconds: float = 0.0
    state: Optional[str] = None


def _as_dict(state: Any) -> Dict[str, Any]:
    if isinstance(state, (str, bytes)):
        state = json.loads(state)
    if not isinstance(state, dict):
        raise TypeError("query state is not an object")
    return state


def window_params(op: str) -> Optional[Tuple[str, str]]:
    """The names of the parameters that bound the operation's time window,
    from the library's description of it; ``None`` without a window."""
    window = skuwire.operation(op).window
    return None if window is None else (window["start"], window["end"])


def _params(args: argparse.Namespace) -> Dict[str, Any]:
    params: Dict[str, Any] = {}
    if args.params:
        try:
            given = loads(args.params)
        except ValueError as e:
            raise UsageError("--params is not JSON: %s" % e, "--params 不是合法的JSON：%s" % e)
        if not isinstance(given, dict):
            raise UsageError("--params must be a JSON object", "--params 必须是JSON对象")
        params.update(given)
    for kv in args.param or ():
        k, sep, v = kv.partition("=")
        if not sep or not k:
            raise UsageError("--param %r: expected KEY=VALUE" % kv, "--param %r：应为 KEY=VALUE" % kv)
        params[k] = v
    if args.since is not None or args.until is not None:
        names = window_params(args.op)
        if names is None:
            raise UsageError("%s has no time window: --since/--until do not apply (use --param)" % args.op,
                             "%s没有时间窗口：--since/--until 不适用（请用 --param）" % args.op)
        for name, value in zip(names, (args.since, args.until)):
            if value is not None:
                params[name] = int(value) if value.isdigit() else value
    return params


def _next_request(plan: skuwire.QueryPlan) -> skuwire.Request:
    req = plan.next_request()
    if req is None:  # only asked while the plan is not done
        raise RuntimeError("the query plan has no next request")
    return req


def _write_state(path: str, data: Dict[str, Any]) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, ensure_ascii=False, default=str))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def run_pull(args: argparse.Namespace, endpoints: Endpoints, out: TextIO, err: TextIO) -> int:
    started = time.monotonic()
    info = check_op(args.op, "query")
    endpoint = endpoints.get(info.platform)
    client = endpoint.client
    redact = Redactor(endpoint.secrets)
    to_stdout = args.out == "-"
    if to_stdout and args.state:
        raise UsageError("--out - (standard output) cannot be resumed: give --out FILE to keep a --state",
                         "--out -（标准输出）无法续传：要保存 --state 请用 --out FILE")
    # Rows on stdout: a pipe, not resumable; the summary goes to stderr.
    state_path: Optional[str] = None if to_stdout else (args.state or args.out + ".state.json")
    summary = PullSummary(op=args.op, out=args.out, target=endpoint.target, state=state_path)

    options: Dict[str, Any] = {}
    if args.page_size is not None:
        options["page_size"] = args.page_size
    try:
        plan = client.query(args.op, _params(args), **options)
    except skuwire.ValidationError as e:
        for x in e.errors():
            err.write("%s: %s [%s]\n" % (".".join(str(p) for p in x["loc"]) or "(params)",
                                         x["msg_zh"] if args.lang == "zh" else x["msg"], x["type"]))
        return 2
    except skuwire.SkuwireError as e:
        raise UsageError(str(e), e.msg_zh or str(e))

    out_bytes = 0
    saved: Optional[Dict[str, Any]] = None
    if state_path is not None and os.path.exists(state_path) and not args.restart:
        try:
            saved = _as_dict(Path(state_path).read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError) as e:
            raise UsageError("cannot read state %s: %s (use --restart to start over)" % (state_path, e),
                             "无法读取状态文件%s：%s（可用 --restart 重新开始）" % (state_path, e))
        fresh = _as_dict(plan.state())
        old = _as_dict(saved.get("plan"))
        if saved.get("skuwire_pull") != STATE_FORMAT or any(old.get(k) != fresh.get(k) for k in _QUERY_FIELDS if k in fresh):
            raise UsageError(
                "state %s is for another query; pass --restart to start over, or --state for another file" % state_path,
                "状态文件%s属于另一个查询；可用 --restart 重新开始，或用 --state 指定其他文件" % state_path)
        try:
            plan = skuwire.QueryPlan.resume(saved["plan"], client)
        except skuwire.SkuwireError as e:
            raise UsageError("state %s: %s" % (state_path, e), "状态文件%s：%s" % (state_path, e.msg_zh or e))
        out_bytes = int(saved.get("out_bytes", 0))
        summary.rows_total = int(saved.get("rows", 0))
        summary.resumed = True

    if not to_stdout:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    mode = "r+b" if saved is not None and os.path.exists(args.out) else "wb"
    sender = Sender(args.timeout)
    policy = RetryPolicy(max_retries=args.max_retries, base=args.backoff_base, cap=args.backoff_cap)
    stats = Stats()

    def set_offset(secs: int) -> None:
        client.clock_offset = secs

    status = 0
    progress = Progress(err, 0, "pull %s" % args.op, enabled=not args.no_progress and not args.quiet)
    with (_StdoutRows(out) if to_stdout else open(args.out, mode)) as f:
        if saved is not None:
            if f.seek(0, os.SEEK_END) < out_bytes:
                raise UsageError("%s is shorter than its state says (%d bytes): it was changed; use --restart" % (args.out, out_bytes),
                                 "%s比状态记录的短（%d字节），文件已被改动；请用 --restart" % (args.out, out_bytes))
            f.truncate(out_bytes)
            f.seek(out_bytes)
        while not plan.done:
            context = {"op": args.op, "lang": args.lang, "window": plan.window_index + 1, "page": plan.page_no}
            page, _attempts = exchange(lambda: _next_request(plan), plan.feed, plan.feed_transport_error,
                                       set_offset, sender, policy, stats, context=context)
            outcome = page.outcome
            if not outcome.ok:
                advice = outcome.retry
                message = redact(outcome.message or outcome.reason or "")
                if advice != "no":
                    err.write(t(args.lang,
                                "skuwire: gave up after %d retries (advice: %s): %s — run the same command again to resume\n" % (args.max_retries, advice, message),
                                "skuwire：重试%d次后放弃（建议：%s）：%s —— 再次运行同一命令即可续传\n" % (args.max_retries, advice, message)))
                    status = 3
                else:
                    err.write(t(args.lang, "skuwire: the platform refused the query: %s (%s)\n" % (message, outcome.reason),
                                "skuwire：平台拒绝了查询：%s（%s）\n" % (message, outcome.reason)))
                    status = 1
                break
            rows = page.items
            if rows:
                f.write("".join(dumps(r) + "\n" for r in rows).encode("utf-8"))
                f.flush()
                if not to_stdout:
                    os.fsync(f.fileno())
            summary.pages += 1
            summary.rows_written += len(rows)
            summary.rows_total += len(rows)
            summary.duplicates_dropped += page.duplicates_dropped
            if state_path is not None:
                _write_state(state_path, {"skuwire_pull": STATE_FORMAT, "op": args.op, "out": args.out,
                                          "out_bytes": f.tell(), "rows": summary.rows_total, "plan": _as_dict(plan.state())})
            fraction, note = _progress_of(plan)
            progress.update(summary.rows_written, stats.calls, fraction=1.0 if plan.done else fraction, note=note)
            if page.done:
                break
    progress.close()
    summary.done = plan.done
    summary.calls = stats.calls
    summary.retries = dict(stats.retries)
    summary.transport_errors = stats.transport_errors
    summary.seconds = round(time.monotonic() - started, 3)
    _print_summary(summary, err if to_stdout else out, args.lang)
    if args.summary_json == "-":
        (err if to_stdout else out).write(dumps(asdict(summary), indent=1) + "\n")
    elif args.summary_json:
        Path(args.summary_json).write_text(dumps(asdict(summary), indent=1) + "\n", encoding="utf-8")
    return status


class _StdoutRows:
    """Rows written to standard output (``--out -``) through the byte API the file uses."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.written = 0

    def __enter__(self) -> "_StdoutRows":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.out.flush()

    def write(self, data: bytes) -> None:
        self.out.write(data.decode("utf-8"))
        self.written += len(data)

    def flush(self) -> None:
        self.out.flush()

    def tell(self) -> int:
        return self.written


def _progress_of(plan: skuwire.QueryPlan) -> Tuple[Optional[float], str]:
    """The share of the query done (windows, and pages of the current one
    when the platform gave a total) and a note for the bar."""
    count = plan.window_count
    if plan.done:
        return 1.0, ""
    if not count:
        return None, ""
    inner = 0.0
    total, size = plan.total, plan.page_size
    if total and size:
        inner = min(1.0, plan.page_no * size / total)
    return (plan.window_index + inner) / count, "window %d/%d" % (min(plan.window_index + 1, count), count)


def _print_summary(s: PullSummary, out: TextIO, lang: str) -> None:
    retries = ", ".join("%s ×%d" % kv for kv in sorted(s.retries.items()))
    out.write(t(lang, "pull %s → %s\n" % (s.op, s.out), "拉取 %s → %s\n" % (s.op, s.out)))
    lines = [
        (t(lang, "target", "目标"), s.target),
        (t(lang, "rows written", "写入行数"), number(s.rows_written) + (
            t(lang, " (resumed; %s in the file)" % number(s.rows_total), "（续传；文件共%s行）" % number(s.rows_total)) if s.resumed else "")),
        (t(lang, "duplicates dropped", "去重丢弃"), number(s.duplicates_dropped)),
        (t(lang, "pages", "页数"), number(s.pages)),
        (t(lang, "calls", "调用次数"), number(s.calls) + (t(lang, " (retries: %s)" % retries, "（重试：%s）" % retries) if retries else "")),
        (t(lang, "complete", "完成"), t(lang, "yes" if s.done else "no (run again to resume)", "是" if s.done else "否（再次运行以续传）")),
        (t(lang, "time", "耗时"), "%.1f s" % s.seconds),
        (t(lang, "state", "状态文件"), s.state or ""),
    ]
    width = max(len(k) for k, _ in lines)
    for k, v in lines:
        out.write("  %s%s  %s\n" % (k, " " * (width - len(k)), v))
