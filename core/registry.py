"""One registry type for what apps contribute to pages that ``core`` or ``cases`` own.

Dashboard panels (``core.dashboard``), navigation entries (``core.navigation``) and case-page sections
(``cases.sections``) are each a ``Registry``: apps register entries in ``AppConfig.ready()`` (so the
owning app never imports them), registering the same entry twice is harmless, and entries come back
in their ``order``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Ordered(Protocol):
    order: int


Entry = TypeVar("Entry", bound=Ordered)


class Registry(Generic[Entry]):
    def __init__(self) -> None:
        self._entries: list[Entry] = []

    def register(self, entry: Entry) -> Entry:
        if entry not in self._entries:
            self._entries.append(entry)
        return entry

    def __iter__(self) -> Iterator[Entry]:
        return iter(sorted(self._entries, key=lambda entry: entry.order))

    def __len__(self) -> int:
        return len(self._entries)
