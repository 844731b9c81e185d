"""Request context and response objects shared by the platform modules."""
from .util import dumps

NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class Response:
    """What the handler writes back. action: "send" or "close" (no answer)."""

    def __init__(self, status=200, body=b"", content_type="application/json; charset=utf-8",
                 headers=None, action="send"):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = dict(headers or {})
        self.action = action

    @classmethod
    def json(cls, obj, status=200, headers=None):
        return cls(status, dumps(obj).encode("utf-8"), headers=headers)

    @classmethod
    def html_502(cls):
        return cls(502, NGINX_502, content_type="text/html", headers={"Server": "nginx"})

    @classmethod
    def empty(cls):
        return cls(200, b"", content_type="text/html; charset=UTF-8")

    @classmethod
    def close(cls):
        return cls(action="close")


class Ctx:
    """One received request as the platform modules see it."""

    def __init__(self, sandbox, http_method, path, query, headers, body, platform, op):
        self.sandbox = sandbox
        self.http_method = http_method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.platform = platform
        self.op = op
        self.items = None        # number of items in a push, when known
        self.verdict = None      # short text for the request log
        self.partial = None      # the partial_failure fault applied, if any
        self.applied = None      # keys of the items saved, for the request log (push methods)

    def saved(self, key):
        """Notes that the item named ``key`` was saved (the log's ``applied``)."""
        if self.applied is None:
            self.applied = []
        self.applied.append(key)

    def take_partial(self):
        """The queued partial_failure fault for this request, if any (consumed)."""
        f = self.sandbox.faults.take(self.platform, self.op, partial=True)
        self.partial = f
        return f

    def now(self):
        return self.sandbox.clock.now()
