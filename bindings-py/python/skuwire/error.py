"""skuwire's exceptions.

Two branches, as in h11: a *local* error (the caller asked for something
invalid) is raised as :class:`SkuwireError` or :class:`ValidationError`; an
answer from a platform is never an exception — ``Batch.parse`` turns it into
an :class:`~skuwire.Outcome`.

Every message comes from the Rust core; secrets never appear in one.
"""

from __future__ import annotations

from typing import Any, Dict, List


class SkuwireError(Exception):
    """Base class of skuwire's errors.

    ``code`` is a stable snake_case name: ``"validation"``,
    ``"unknown_operation"``, ``"invalid_argument"``, ``"credentials"``,
    ``"unsupported"``, ``"state"`` or ``"internal"`` (a bug in skuwire).
    ``msg_zh`` is the message in Chinese.
    """

    code: str
    msg_zh: str

    def __init__(self, message: str, code: str = "internal", msg_zh: str = "") -> None:
        super().__init__(message, code, msg_zh)
        self.code = code
        self.msg_zh = msg_zh

    def __str__(self) -> str:
        return str(self.args[0])


class ValidationError(SkuwireError, ValueError):
    """Input failed validation. ``errors()`` lists every problem as a dict
    ``{type, loc, msg, msg_zh, input, ctx}``; ``str()`` reads
    ``"N validation errors for <op>"`` followed by one line per problem."""

    op: str

    def __init__(self, message: str, errors: List[Dict[str, Any]], op: str) -> None:
        Exception.__init__(self, message, errors, op)
        self.code = "validation"
        self.msg_zh = ""
        self.op = op
        self._errors = errors

    def errors(self) -> List[Dict[str, Any]]:
        """Every problem, in input order (a new list of new dicts each call)."""
        return [dict(e) for e in self._errors]


__all__ = ["SkuwireError", "ValidationError"]
