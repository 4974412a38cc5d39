"""The generic dataloader every domain's loaders build on: one per request, one statement per batch."""

from collections.abc import Awaitable
from typing import TypeVar

from aiodataloader import DataLoader

from gateway.context import Context

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
