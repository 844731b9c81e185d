"""skuwire's exceptions.

Two branches, as in h11: a *local* error (the caller asked for something
invalid) is raised as :class:`SkuwireError` or :class:`ValidationError`; an
answer from a platform is never an exception — ``Batch.parse`` turns it into
an :class:`~skuwire.Outcome`.

An argument of the API itself of the wrong type (an operation name that is
not a ``str``, ``batch.parse(200, None)``, an ``appsecret`` that is not
text) is an :class:`ArgumentError`, which is also a ``TypeError``.

Every message comes from the Rust core; secrets never appear in one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List

if TYPE_CHECKING:
    from skuwire.types import ErrorCode, ErrorRecord


class SkuwireError(Exception):
    """Base class of skuwire's errors.

    ``code`` is a stable snake_case name: ``"validation"``,
    ``"unknown_operation"``, ``"invalid_argument"``, ``"credentials"``,
    ``"unsupported"``, ``"state"`` or ``"internal"`` (a bug in skuwire).
    ``msg_zh`` is the message in Chinese.
    """

    code: ErrorCode
    msg_zh: str

    def __init__(self, message: str, code: ErrorCode = "internal", msg_zh: str = "") -> None:
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

    def __init__(self, message: str, errors: List[ErrorRecord], op: str) -> None:
        Exception.__init__(self, message, errors, op)
        self.code = "validation"
        self.msg_zh = ""
        self.op = op
        self._errors = errors

    def errors(self) -> List[ErrorRecord]:
        """Every problem, in input order (a new list of new dicts each call)."""
        return [e.copy() for e in self._errors]


class ArgumentError(SkuwireError, TypeError):
    """An argument of skuwire's API (not a payload value) of the wrong type:
    an operation or method name that is not a ``str``, an answer body that
    is not ``bytes``/``str`` (``None``, a number), a credential that is not a
    ``str`` of valid Unicode. Also a ``TypeError``, so ``except TypeError``
    keeps working.

    ``code`` is ``"invalid_argument"``, or ``"credentials"`` for an
    ``appsecret``/``token`` that is not a ``str`` or holds a lone surrogate:
    the message names the argument and never shows its value.
    """


class ArgumentValidationError(ValidationError, ArgumentError):
    """An argument of the wrong type that is checked like a field, e.g.
    ``batch.parse("200", body)``: a :class:`ValidationError` whose record
    (``int_type`` at ``("status",)``) says what is wrong, and an
    :class:`ArgumentError` — so a ``TypeError`` — too. (A status of the right
    type but out of range, ``batch.parse(70000, body)``, is a plain
    :class:`ValidationError`: ``int_out_of_range``.)"""


__all__ = ["ArgumentError", "ArgumentValidationError", "SkuwireError", "ValidationError"]
