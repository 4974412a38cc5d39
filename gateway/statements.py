"""Root fields answered by a few statements: built from the field's arguments, their rows read back into
the field's value.

A `StatementField` keeps what a lookup or the dropdowns run apart from running it: the resolver runs the
statements side by side, and compiled operations (gateway/compiled.py) build them once per plan and then
only bind and run them, writing the value by the selection (plain fields only).
"""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import fetch

Assemble = Callable[[list[Sequence[Any]]], Any]  # each statement's rows -> the field's value
Built = tuple[list[Executable], Assemble]


@dataclass(frozen=True)
class StatementField:
    build: Callable[..., Built]  # the field's arguments (Python names) -> its statements and how to read them

    async def resolve(self, engine: AsyncEngine, **arguments: Any) -> Any:
        statements, assemble = self.build(**arguments)
        results: list[Sequence[Row[Any]]] = list(await asyncio.gather(*(fetch(engine, s) for s in statements)))
        return assemble(list(results))
