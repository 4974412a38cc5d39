"""Precision and match rate of the stored customer matches over a hand-labelled sample."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from ingest.core_build.matching import all_customers
from ingest.normalize import normalize_domain


@dataclass(frozen=True, slots=True)
class Label:
    customer_name: str
    expected_domain: str | None  # None: the name must not be matched


def load_labels(path: Path) -> list[Label]:
    """`customer_name,expected_domain[,note]` rows; an empty domain means "no match"."""
    with path.open(newline="", encoding="utf-8") as f:
        return [
            Label(r["customer_name"], normalize_domain(r["expected_domain"]) if r["expected_domain"].strip() else None)
            for r in csv.DictReader(f)
        ]


@dataclass
class Evaluation:
    labelled: int
    matched: int
    correct: int
    mistakes: list[tuple[str, str | None, str]]  # name, expected, got

    @property
    def precision(self) -> float:
        return self.correct / self.matched if self.matched else 1.0

    @property
    def match_rate(self) -> float:
        return self.matched / self.labelled if self.labelled else 0.0


async def evaluate(conn: AsyncConnection, labels: Sequence[Label]) -> Evaluation:
    """Precision and match rate of the stored matches over labelled names (one answer per name)."""
    rows = await conn.execute(
        text(f"""
        SELECT customer_name, min(matched_domain) FROM ({all_customers("customer_name, matched_domain")}) c
        WHERE customer_name = ANY(:names) GROUP BY customer_name"""),
        {"names": [label.customer_name for label in labels]},
    )
    got: dict[str, Any] = {name: domain for name, domain in rows}
    matched = correct = 0
    mistakes = []
    for label in labels:
        domain = got.get(label.customer_name)
        if domain is None:
            continue
        matched += 1
        if domain == label.expected_domain:
            correct += 1
        else:
            mistakes.append((label.customer_name, label.expected_domain, domain))
    return Evaluation(len(labels), matched, correct, mistakes)
