"""The ``skuwire`` command line (also ``python -m skuwire``).

::

    skuwire ops                                   list the operations
    skuwire validate FILE --op OP                 every error, with its row and line
    skuwire push FILE --op OP                     validate, plan, sign, send, retry; journal + report
    skuwire pull --op OP --since T --until T --out FILE.jsonl     resumable query
    skuwire explain-sign --op OP FILE             the string to sign, secrets redacted
    skuwire sandbox --port 8765 --db sandbox.db   the offline sandbox

Exit codes: 0 everything valid/accepted; 1 invalid or rejected rows (or a
query the platform refused); 2 usage or configuration error; 3 incomplete
(answers lost or retries exhausted: run the same command again);
70 an internal error (a bug). See CLI.md for files, configuration and the
CSV mapping.

Platform rules — validation, batching, signing, what an answer means and
whether to retry — all come from the library; this package reads files,
sends requests with urllib and writes reports.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from typing import List, Optional, Sequence, TextIO

import skuwire

from . import _log
from ._config import Endpoints, Settings, _secret_parts
from ._explain import run_explain
from ._inputs import FORMATS
from ._pull import run_pull
from ._push import run_push
from ._validate import run_validate
from ._text import LANGS, Redactor, UsageError, dumps, t

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
EXIT_INTERNAL = 70

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INVALID", "EXIT_USAGE", "EXIT_INCOMPLETE", "EXIT_INTERNAL"]


def _common(lang_default: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--lang", choices=LANGS, default=lang_default,
                   help="language of messages: en or zh (default $SKUWIRE_LANG or en)")
    p.add_argument("--config", metavar="FILE",
                   help="INI file with [flagship], [enterprise], [ymcart] sections (default $SKUWIRE_CONFIG)")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="log every call (op, batch, attempt, status, retry advice, latency) on stderr; -vv for debug")
    p.add_argument("-q", "--quiet", action="count", default=0, help="log errors only (no backoff notices, no progress bar)")
    p.add_argument("--log-format", choices=_log.FORMATS, default="text", help="log lines as text (default) or JSON Lines")
    return p


def _input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, help="input format (default: from the file name)")
    p.add_argument("--encoding", default="utf-8-sig", help="CSV text encoding (default utf-8, BOM allowed; e.g. gbk)")


def _endpoint_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sandbox", action="store_true",
                   help="talk to an in-process sandbox instead of the configured platform (nothing is sent anywhere else)")


def _retry_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-retries", type=int, default=5, metavar="N", help="retries per call when the library advises one (default 5)")
    p.add_argument("--backoff-base", type=float, default=0.5, metavar="S", help="backoff base in seconds (default 0.5)")
    p.add_argument("--backoff-cap", type=float, default=30.0, metavar="S", help="longest backoff in seconds (default 30)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="HTTP timeout per call in seconds (default 30)")
    p.add_argument("--summary-json", metavar="FILE", help="also write the summary as JSON to FILE (- for standard output)")


def build_parser(lang_default: str = "en") -> argparse.ArgumentParser:
    common = _common(lang_default)
    parser = argparse.ArgumentParser(
        prog="skuwire",
        description="Validate, push and pull goods for WDT flagship/enterprise and YMCart, with the skuwire library.",
        epilog="exit codes: 0 ok; 1 invalid or rejected rows; 2 usage or configuration error; "
               "3 incomplete (re-run to resume); 70 internal error",
    )
    parser.add_argument("--version", action="version", version="skuwire %s" % skuwire.__version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("ops", parents=[common], help="list the operations")
    p.add_argument("--json", action="store_true", help="as JSON")

    p = sub.add_parser("validate", parents=[common], help="check a file; every error with its row and line")
    p.add_argument("file", metavar="FILE", help="JSON array, JSON Lines or CSV; - reads standard input")
    p.add_argument("--op", required=True, help="operation, e.g. goods.Goods.batchPush")
    _input_args(p)
    p.add_argument("--strict", action="store_true", help="also report fields the vendor page does not list")
    p.add_argument("--output-format", choices=("text", "json", "jsonl"), default="text", help="error output (default text)")
    p.add_argument("--max-errors", type=int, metavar="N", help="list at most the first N errors")

    p = sub.add_parser("push", parents=[common], help="validate, plan, sign, send and follow the retry advice")
    p.add_argument("file", metavar="FILE", help="JSON array, JSON Lines or CSV; - reads standard input")
    p.add_argument("--op", required=True, help="a push operation, e.g. goods.Goods.batchPush")
    _input_args(p)
    p.add_argument("--strict", action="store_true", help="also refuse fields the vendor page does not list")
    p.add_argument("--max-items", type=int, metavar="N", help="items per call: below a documented limit, or any number where the page gives none")
    p.add_argument("--report", metavar="FILE", help="rejected-rows report, JSONL or .csv (default ./FILE.OP.report.jsonl)")
    p.add_argument("--journal", metavar="FILE", help="journal of the push, JSON Lines (default: next to the report, FILE.OP.journal.jsonl)")
    p.add_argument("--no-journal", action="store_true", help="keep no journal (a re-run sends everything again)")
    p.add_argument("--resend-unknown", action="store_true",
                   help="send again rows whose earlier outcome is unknown (check the platform first)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar (it is only drawn on a terminal anyway)")
    p.add_argument("--concurrency", type=int, default=1, metavar="N", help="calls in flight at once (default 1)")
    p.add_argument("--rate", type=float, default=None, metavar="N", help="at most N calls per second (the platform's limit for the app)")
    _retry_args(p)
    _endpoint_args(p)

    p = sub.add_parser("pull", parents=[common], help="run a query to JSON Lines, resumably")
    p.add_argument("--op", required=True, help="a query operation, e.g. vip_api_goods_query.php")
    p.add_argument("--since", help="window start: 'yyyy-MM-dd HH:mm:ss' (Beijing time), RFC 3339 or Unix seconds")
    p.add_argument("--until", help="window end, same forms")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="a query parameter (repeatable)")
    p.add_argument("--params", metavar="JSON", help="query parameters as a JSON object")
    p.add_argument("--page-size", type=int, metavar="N", help="rows per page (default: the library's)")
    p.add_argument("--out", required=True, metavar="FILE", help="output, JSON Lines; - writes standard output (not resumable)")
    p.add_argument("--state", metavar="FILE", help="progress, for resuming (default OUT.state.json)")
    p.add_argument("--restart", action="store_true", help="ignore a saved state and start over")
    p.add_argument("--no-progress", action="store_true", help="no progress bar (it is only drawn on a terminal anyway)")
    _retry_args(p)
    _endpoint_args(p)

    p = sub.add_parser("explain-sign", parents=[common], help="print the string to sign (secrets redacted) and the sign")
    p.add_argument("file", metavar="FILE", nargs="?", help="items (push) or parameters (query) to sign; - reads standard input")
    p.add_argument("--op", help="a registered operation")
    p.add_argument("--method", help="any method name, sent as a generic call")
    p.add_argument("--platform", choices=skuwire.PLATFORMS, help="platform of --method")
    p.add_argument("--payload", metavar="JSON", help="items or parameters as JSON instead of FILE")
    p.add_argument("--batch", type=int, default=1, metavar="N", help="which batch of the plan to sign (default 1)")
    p.add_argument("--timestamp", type=int, metavar="UNIX", help="sign at this Unix time (default now)")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.add_argument("--max-errors", type=int, metavar="N", help="list at most the first N validation errors of FILE")
    _input_args(p)
    _endpoint_args(p)

    sub.add_parser("sandbox", add_help=False, help="run the offline sandbox (skuwire sandbox --help)")
    return parser


def _ops(args: argparse.Namespace, out: TextIO) -> int:
    ops = skuwire.operations()
    if args.json:
        out.write(dumps([{"name": o.name, "platform": o.platform, "kind": o.kind, "max_items": o.max_items,
                          "upsert": o.upsert, "title_zh": o.title_zh, "item": o.item_name} for o in ops], indent=1) + "\n")
        return 0
    width = max(len(o.name) for o in ops)
    for o in ops:
        out.write("%s  %-10s %-5s %4d  %-6s  %s\n" % (
            o.name.ljust(width), o.platform, o.kind, o.max_items,
            t(args.lang, "upsert" if o.upsert else "", "幂等" if o.upsert else ""), o.title_zh))
    return 0


def main(argv: Optional[Sequence[str]] = None, *, stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None) -> int:
    """Runs the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args_list: List[str] = list(sys.argv[1:] if argv is None else argv)
    lang_default = os.environ.get("SKUWIRE_LANG", "en")
    if lang_default not in LANGS:
        lang_default = "en"

    # The sandbox has its own parser (and --help): hand it everything after the word.
    if args_list[:1] == ["sandbox"]:
        from skuwire.sandbox import main as sandbox_main

        return int(sandbox_main(args_list[1:], prog="skuwire sandbox") or 0)

    parser = build_parser(lang_default)
    try:
        # argparse prints to sys.stdout/sys.stderr: send that to our streams.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(args_list)
    except SystemExit as e:  # argparse: --help/--version (0) or a usage error (2)
        return int(e.code or 0)
    lang = getattr(args, "lang", lang_default)
    endpoints: Optional[Endpoints] = None
    redact = Redactor()
    log_handler = _log.setup(err, getattr(args, "verbose", 0), getattr(args, "quiet", 0), getattr(args, "log_format", "text"))
    try:
        if args.command == "ops":
            return _ops(args, out)
        if args.command == "validate":
            return run_validate(args, out, err)
        endpoints = Endpoints(Settings(args.config, os.environ), lang, err, sandbox=args.sandbox)
        endpoints.on_endpoint = lambda ep: _log.add_secrets(log_handler, ep.secrets)
        for name in skuwire.PLATFORMS:
            secrets = _secret_parts(endpoints.settings.values(name))
            redact.add(secrets)
            _log.add_secrets(log_handler, secrets)
        if args.command == "push":
            return run_push(args, endpoints, out, err)
        if args.command == "pull":
            return run_pull(args, endpoints, out, err)
        if args.command == "explain-sign":
            return run_explain(args, endpoints, out, err)
        parser.error("unknown command %r" % args.command)  # pragma: no cover
        return EXIT_USAGE  # pragma: no cover
    except UsageError as e:
        err.write("skuwire: %s\n" % redact(e.text(lang)))
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write(t(lang, "skuwire: interrupted\n", "skuwire：已中断\n"))
        return 130
    except Exception:  # a bug: say so, without secrets, and exit distinctly
        err.write(redact(traceback.format_exc()))
        err.write(t(lang, "skuwire: internal error (a bug; please report it)\n", "skuwire：内部错误（这是一个缺陷，请报告）\n"))
        return EXIT_INTERNAL
    finally:
        if endpoints is not None:
            endpoints.close()
        _log.teardown(log_handler)
