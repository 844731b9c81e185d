"""``skuwire sandbox`` / ``python -m skuwire_sandbox``."""
import argparse
import signal
import sys

from .server import Credentials, Sandbox


def build_parser(prog="skuwire-sandbox"):
    p = argparse.ArgumentParser(
        prog=prog,
        description="Offline sandbox server for WDT flagship, WDT enterprise and YMCart goods APIs.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port (default 0 = a free port)")
    p.add_argument("--db", default=":memory:", help="SQLite file, or :memory: (default)")
    p.add_argument("--log", nargs="?", const="-", default=None, metavar="FILE",
                   help="log one line per request to stderr (or append to FILE); secrets are never logged")
    p.add_argument("--sid", default=Credentials.DEFAULT_FLAGSHIP["sid"], help="flagship and enterprise sid")
    p.add_argument("--appkey", default=Credentials.DEFAULT_FLAGSHIP["appkey"],
                   help="flagship key and enterprise appkey")
    p.add_argument("--appsecret", default=Credentials.DEFAULT_FLAGSHIP["appsecret"],
                   help="flagship appsecret, 'secret:salt'")
    p.add_argument("--enterprise-appsecret", default=Credentials.DEFAULT_ENTERPRISE["appsecret"],
                   help="enterprise appsecret")
    p.add_argument("--token", action="append", default=None,
                   help="accepted YMCart token (repeatable; default sandbox-token)")
    p.add_argument("--ymcart-prefix", default="/ymcart",
                   help="URL prefix of the YMCart methods: {prefix}/{method} (default /ymcart)")
    p.add_argument("--unknown-shop", action="append", default=[],
                   help="shop_no answered as unknown (repeatable); shop_no starting with 'missing' always is")
    p.add_argument("--require-known-specs", action="store_true",
                   help="ProviderGoods.upload rejects spec_no not pushed with batchPush")
    p.add_argument("--timeout-delay", type=float, default=5.0,
                   help="seconds a 'timeout' fault waits (default 5)")
    p.add_argument("--latency", type=float, default=0.0, metavar="SECONDS",
                   help="seconds every platform request waits before it is handled (default 0)")
    p.add_argument("--rate-limit", type=float, default=None, metavar="N",
                   help="calls per second allowed per app (flagship key, enterprise appkey, YMCart token); "
                        "one more within a second gets the platform's rate-limit answer")
    return p


def main(argv=None, prog="skuwire-sandbox"):
    args = build_parser(prog).parse_args(argv)
    if ":" not in args.appsecret:
        print("error: --appsecret must be 'secret:salt'", file=sys.stderr)
        return 2
    creds = Credentials(
        flagship={"sid": args.sid, "appkey": args.appkey, "appsecret": args.appsecret},
        enterprise={"sid": args.sid, "appkey": args.appkey, "appsecret": args.enterprise_appsecret},
        ymcart_tokens=args.token or [Credentials.DEFAULT_TOKEN])
    log_stream = None
    if args.log and args.log != "-":
        log_stream = open(args.log, "a", encoding="utf-8")
    sb = Sandbox(db=args.db, host=args.host, port=args.port, credentials=creds,
                 ymcart_prefix=args.ymcart_prefix, unknown_shops=args.unknown_shop,
                 require_known_specs=args.require_known_specs, timeout_delay=args.timeout_delay,
                 log=args.log is not None, log_stream=log_stream,
                 latency=args.latency, rate_limit=args.rate_limit)
    try:
        sb.start()
    except OSError as e:
        print("error: cannot listen on %s:%s: %s" % (args.host, args.port, e), file=sys.stderr)
        return 1
    # The handler goes in before the "listening" line: a supervisor (or a
    # test) that stops the sandbox as soon as it has read that line must
    # get a clean exit, not Python's default death by SIGTERM.
    def _term(signum, frame):
        raise KeyboardInterrupt
    try:
        signal.signal(signal.SIGTERM, _term)
    except ValueError:  # not the main thread
        pass
    try:
        print("skuwire sandbox listening on %s" % sb.url, flush=True)
        print("  flagship   %s   (sid %s, key %s)" % (sb.flagship_url, args.sid, args.appkey), flush=True)
        print("  enterprise %s   (sid %s, appkey %s)" % (sb.enterprise_url, args.sid, args.appkey), flush=True)
        print("  ymcart     %s/{method}" % sb.ymcart_url, flush=True)
        print("  control    %s/_sandbox/{faults,requests,reset,clock,data}" % sb.url, flush=True)
        print("  db         %s" % args.db, flush=True)
        sb.serve_forever()
    except KeyboardInterrupt:  # SIGTERM while announcing
        sb.stop()
    finally:
        if log_stream is not None:
            log_stream.close()
    return 0
