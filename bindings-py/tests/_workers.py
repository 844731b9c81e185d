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


def parse_in_worker(args: Tuple[skuwire.Batch, int, bytes]) -> skuwire.Outcome:
    batch, status, body = args
    return batch.parse(status, body)


def feed_in_worker(args: Tuple[skuwire.QueryPlan, int, bytes]) -> Tuple[skuwire.Outcome, List[Any], str]:
    """A query plan crosses as a pickle, continues, and its progress comes back."""
    plan, status, body = args
    assert plan.next_request(timestamp=1_700_000_000) is not None
    page = plan.feed(status, body)
    return page.outcome, page.items, plan.state()
