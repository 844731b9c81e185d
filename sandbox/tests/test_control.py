import time


def test_date_header_follows_the_sandbox_clock(sb, client):
    # A client corrects its clock offset from the Date header; after the
    # sandbox clock is moved, the header must say the sandbox's time.
    from email.utils import parsedate_to_datetime
    sb.set_clock(offset=3600)
    _status, headers, _body = client.raw("GET", "/_sandbox/health")
    shown = parsedate_to_datetime(headers["Date"]).timestamp()
    assert abs(shown - (time.time() + 3600)) < 5


def test_answer_sockets_disable_nagle(sb):
    # Headers and body are two writes; without TCP_NODELAY every answer
    # waits ~40 ms for a delayed ACK. Checked on the server's own socket
    # (a keep-alive connection stays open while we look).
    import http.client
    import socket
    host, port = sb.url.split("//")[1].rsplit(":", 1)
    conn = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=5)
    conn.request("GET", "/_sandbox/health")
    conn.getresponse().read()
    server = sb._server
    with server.sockets_lock:
        socks = list(server.open_sockets)
    assert socks and all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in socks)
    conn.close()


def test_importing_main_does_not_start_a_server():
    import importlib
    importlib.import_module("skuwire_sandbox.__main__")
