"""The generic dataloaders every domain's loaders build on: one per request, one statement per batch.

A loader gives domain objects (the GraphQL types), never rows: `make` builds one from a row.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Executable, Row

from gateway.context import Context
from gateway.database import fetch

K = TypeVar("K")
V = TypeVar("V")


class Loader(DataLoader[K, V]):
    """A dataloader built once per request by `Context.loader`; `load_batch` runs one statement."""

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context

    async def batch_load_fn(self, keys: list[K]) -> list[V]:
        return await self.load_batch(keys)

    def load_ready(self, key: K) -> "V | Awaitable[V]":
        """The value itself when it is loaded already (prefetched), else the awaitable `load` gives."""
        future = self.load(key)
        return future.result() if future.done() else future

    async def load_batch(self, keys: list[K]) -> list[V]:
        raise NotImplementedError


def _grouped(rows: Sequence[Row[Any]], key: str, make: Callable[[Row[Any]], V]) -> dict[Any, list[V]]:
    out: dict[Any, list[V]] = defaultdict(list)
    for row in rows:
        out[row._mapping[key]].append(make(row))
    return out


class GroupedLoader(Loader[K, list[V]]):
    """Rows of one statement grouped by the row column the keys match, each made a domain object."""

    key: str  # the column of a row holding its key

    def select(self, keys: list[K]) -> Executable:
        raise NotImplementedError

    def make(self, row: Row[Any]) -> V:
        raise NotImplementedError

    async def load_batch(self, keys: list[K]) -> list[list[V]]:
        grouped = _grouped(await fetch(self.context.engine, self.select(keys)), self.key, self.make)
        return [grouped.get(k, []) for k in keys]


class FirstPerKeyLoader(Loader[tuple[str, int], list[V]]):
    """Keys are (key, first): the first rows of each key, one statement per distinct `first` (usually one)."""

    key: str

    def select(self, keys: list[str], first: int) -> Executable:
        raise NotImplementedError

    def make(self, row: Row[Any]) -> V:
        raise NotImplementedError

    async def load_batch(self, keys: list[tuple[str, int]]) -> list[list[V]]:
        out: dict[tuple[str, int], list[V]] = {}
        for first in {f for _, f in keys}:
            wanted = list(dict.fromkeys(k for k, f in keys if f == first))
            grouped = _grouped(await fetch(self.context.engine, self.select(wanted, first)), self.key, self.make)
            out.update({(k, first): grouped.get(k, []) for k in wanted})
        return [out[k] for k in keys]
