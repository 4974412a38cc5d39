"""Python cost of building one page's statement: the filter compiler plus SQLAlchemy's cache key.

    .venv/bin/python bench/compile.py [--rounds 25] [--per-round 300]

No database: the list model's compiler (gateway/lists/compiler.py) builds the page statement of a few
list shapes the way a request does, and SQLAlchemy computes the cache key it looks compiled SQL up by.
Prints the minimum over rounds (the machine's other load only ever adds time) in microseconds per page.
Run it before and after a change of the compiler, in one sitting.
"""

import argparse
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import support

from gateway.leads.fields import LeadFilter, LeadOrder, LeadOrderField
from gateway.leads.sources import ALL_LEADS
from gateway.lists.compiler import ListSource, compile_list
from gateway.lists.cursors import Page
from gateway.lists.types import DateRange, OrderDirection
from gateway.signals.sources import AtVcPortfolio, NewInRole


def shapes() -> dict[str, tuple[Callable[[], ListSource], Callable[[], Any], Callable[[], Any]]]:
    """name -> (source, filter, order), each built anew per page as a request does."""
    pairs = ["Engineering"], ["Director", "VP"]
    return {
        "leads default page": (lambda: ALL_LEADS, lambda: None, lambda: None),
        "leads 3 filters (pairs + country)": (
            lambda: ALL_LEADS,
            lambda: LeadFilter(job_functions=pairs[0], seniorities=pairs[1], person_country="Germany"),
            lambda: None,
        ),
        "leads by company name desc + range": (
            lambda: ALL_LEADS,
            lambda: LeadFilter(job_start_date=DateRange(gte=date(2026, 1, 1))),
            lambda: [LeadOrder(field=LeadOrderField.COMPANY_NAME, direction=OrderDirection.DESC)],
        ),
        "newInRole": (lambda: NewInRole(since=date(2026, 9, 1)), lambda: None, lambda: None),
        "leadsAtVcPortfolio": (lambda: AtVcPortfolio(vc_names=None), lambda: None, lambda: None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--per-round", type=int, default=300)
    args = parser.parse_args()
    print(f"{support.machine()}; min of {args.rounds} rounds x {args.per_round} pages")
    for name, (source, filter_, order) in shapes().items():
        best = float("inf")
        for _ in range(args.rounds):
            started = time.perf_counter()
            for _ in range(args.per_round):
                compile_list(source(), filter_(), order(), Page(first=50)).page._generate_cache_key()
            best = min(best, (time.perf_counter() - started) / args.per_round)
        print(f"{name:40s} {best * 1e6:8.1f} us per page")


if __name__ == "__main__":
    main()
