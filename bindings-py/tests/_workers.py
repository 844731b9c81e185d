"""Functions run in worker processes by test_multiprocessing.py (importable
by spawned children)."""

from __future__ import annotations

from typing import Any, List, Tuple

import skuwire


def sign_batch(args: Tuple[skuwire.Batch, int]) -> Tuple[skuwire.Request, List[int], bytes]:
    batch, ts = args
    return batch.sign(timestamp=ts), batch.indices, batch.body_json()


def plan_and_sign(args: Tuple[skuwire.Client, str, List[Any], int]) -> List[skuwire.Request]:
    client, op, items, ts = args
    return [b.sign(timestamp=ts) for b in client.plan(op, items)]


def parse_in_worker(args: Tuple[skuwire.Batch, int, bytes]) -> Tuple[str, List[int], List[Tuple[Any, Any, str]]]:
    batch, status, body = args
    o = batch.parse(status, body)
    return o.status, o.accepted, [(r.index, r.key, r.message) for r in o.rejected]
