"""The push journal: which input rows a target has already accepted, so
that re-running a push after a crash sends only the rest.

A SQLite file with one table::

    rows(input TEXT, op TEXT, target TEXT, row INTEGER,
         state TEXT, message TEXT, updated REAL,
         PRIMARY KEY (input, op, target, row))

``input`` is the SHA-256 of the input file's bytes (an edited file is a
new input), ``target`` the endpoint and account without secrets, ``row``
the 0-based position of the item in the input. ``state`` is

* ``sent``     — a request holding the row went out; no answer recorded yet
                 (the process died while waiting);
* ``accepted`` — the platform accepted it: never sent again;
* ``rejected`` — the platform refused it (``message`` says why): sent again
                 by the next run, in case what it depended on was fixed;
* ``retry``    — the run gave up while the library still advised a retry
                 (rate limit, clock, resend of an upsert): safe to send again;
* ``unknown``  — the answer was lost and resending is not safe (the call is
                 not an upsert): left out of later runs unless
                 ``--resend-unknown``, because the platform may have acted.

Each batch is written as ``sent`` and committed before its request goes
out, and its answer is committed before the next batch, so a ``kill -9``
leaves at most one batch in ``sent``.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Dict, Iterable, Optional, Tuple

STATES = ("sent", "accepted", "rejected", "retry", "unknown")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
  input TEXT NOT NULL, op TEXT NOT NULL, target TEXT NOT NULL, row INTEGER NOT NULL,
  state TEXT NOT NULL, message TEXT, updated REAL NOT NULL,
  PRIMARY KEY (input, op, target, row)
);
"""


class Journal:
    def __init__(self, path: str, input_sha256: str, op: str, target: str, durable: bool) -> None:
        self.path = path
        self.key = (input_sha256, op, target)
        self._db = sqlite3.connect(path, timeout=30)
        # WAL commits survive a killed process either way. `durable` (fsync
        # at every commit) also survives a power cut; it matters for calls
        # that are not upserts, where a lost "sent" mark means sending twice.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=%s" % ("FULL" if durable else "NORMAL"))
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def states(self) -> Dict[int, Tuple[str, Optional[str]]]:
        """row → (state, message) recorded for this input, op and target."""
        cur = self._db.execute(
            "SELECT row, state, message FROM rows WHERE input = ? AND op = ? AND target = ?", self.key)
        return {row: (state, message) for row, state, message in cur}

    def record(self, rows: Iterable[Tuple[int, str, Optional[str]]]) -> None:
        """Sets (row, state, message) for each row and commits."""
        now = time.time()
        with self._db:
            self._db.executemany(
                "INSERT INTO rows (input, op, target, row, state, message, updated) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (input, op, target, row) DO UPDATE SET state = excluded.state, "
                "message = excluded.message, updated = excluded.updated",
                [self.key + (row, state, message, now) for row, state, message in rows],
            )

    def close(self) -> None:
        self._db.close()
