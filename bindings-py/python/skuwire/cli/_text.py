"""Output helpers of the command line: the two languages, JSON that keeps
decimals exact, error locations, redaction.

The command line's own words (labels, usage errors) live here; every rule
about the platforms — and every validation message — comes from the
library's records (``msg`` / ``msg_zh``).
"""

from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal
from typing import Any, Iterable, Mapping, Optional, Sequence, TextIO

from skuwire import REDACTED

LANGS = ("en", "zh")


class UsageError(Exception):
    """A usage or configuration problem: exit code 2, message in both languages."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def t(lang: str, en: str, zh: str) -> str:
    """The text in the chosen language."""
    return zh if lang == "zh" else en


def _default(v: Any) -> Any:
    # Decimals as their exact text, datetimes as ISO 8601 (with their offset).
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("utf-8", "replace")
    if isinstance(v, (set, frozenset, tuple)):
        return list(v)
    return repr(v)


def dumps(v: Any, *, indent: Optional[int] = None) -> str:
    """JSON text with decimals as strings (never floats) and non-ASCII kept."""
    return json.dumps(v, default=_default, ensure_ascii=False, indent=indent,
                      separators=None if indent else (",", ":"))


def loads(text: str) -> Any:
    """JSON with exact decimals (a number with a point or exponent becomes a Decimal)."""
    return json.loads(text, parse_float=Decimal)


def loc_text(loc: Sequence[Any]) -> str:
    """``("spec_list", 0, "spec_no")`` → ``spec_list[0].spec_no``."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += "[%d]" % part
        else:
            out += ("." if out else "") + str(part)
    return out or "(item)"


def error_msg(err: Mapping[str, Any], lang: str) -> str:
    return str(err.get("msg_zh") if lang == "zh" and err.get("msg_zh") else err.get("msg", ""))


def short_input(v: Any, limit: int = 60) -> str:
    """The offending value for a one-line display; the full value stays in
    the JSON outputs (this only shortens what a terminal shows)."""
    text = dumps(v)
    if len(text) > limit:
        n = len(v) if isinstance(v, str) else len(text)
        return text[: limit - 1] + "…" + " (%d characters)" % n
    return text


def number(n: int) -> str:
    return "{:,}".format(n)


class Redactor:
    """Replaces every configured secret in text printed by the command line
    (defence in depth: messages from the network stack or the platform are
    not supposed to carry one)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: list[str] = []
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        for s in secrets:
            # Short values (a salt like "1") would redact half the text.
            if s and len(s) >= 4 and s not in self._secrets:
                self._secrets.append(s)
        self._secrets.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for s in self._secrets:
            if s in text:
                text = text.replace(s, REDACTED)
        return text


def write_line(stream: TextIO, text: str) -> None:
    stream.write(text + "\n")
