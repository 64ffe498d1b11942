"""Database routing: read-only report queries to a replica, everything else to the primary.

When ``DATABASE_REPLICA_URL`` is set, ``config.settings`` adds the database alias ``replica`` and this
router. Code that only reads and may lag a few seconds behind (the regional reports) runs inside
``replica_reads()`` (or is decorated with ``reads_from_replica``); its reads go to the replica. Writes
always go to ``default``, also inside the block, and so does every read outside it: a page that just
saved something must see it. Migrations run on ``default`` only (the replica follows by replication).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

F = TypeVar("F", bound=Callable)

_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the reads inside the block to the replica (when one is configured)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reads_from_replica(function: F) -> F:
    """Run ``function`` inside ``replica_reads()``."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if _reading_replica.get() and replica_configured():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the same rows as the primary: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
