"""The rows a lead list mirrors: core.leads, written over the base tables (people LEFT JOIN companies).

`LeadSource` is every lead list's source; the signal fields subclass it (gateway/signals/sources.py)
with their own conditions, joins and columns. A page by person id filtered by job functions and
seniorities is split per (function, seniority) pair (gateway/lists/keyset.py `paginate_by_pairs`).
"""

from dataclasses import dataclass

from sqlalchemy import FromClause

from gateway.leads.fields import LEAD
from gateway.lists.compiler import ListSource
from gateway.lists.model import ListModel
from gateway.lists.rollup import Rollup
from gateway.tables import LR, C, P
from models.core import ROLLUP_SETS, rollup_mask


def leads_of(people: FromClause) -> FromClause:
    """People (possibly joined to a signal's table) with their current company, when it is known."""
    return people.outerjoin(C, C.c.domain == P.c.company_domain)


LEAD_ROWS = leads_of(P)


@dataclass(frozen=True, eq=False)
class LeadSource(ListSource):
    model: ListModel = LEAD
    rows: FromClause = LEAD_ROWS
    pairs: tuple[str, str] | None = ("job_function", "seniority")


# values per dimension, roughly (1M demo people): ranks the grouping sets, narrowest first
CARDINALITY = {
    "business_model": 3,
    "employee_range": 9,
    "seniority": 12,
    "job_function": 25,
    "person_country": 72,
    "company_country": 72,
    "industry": 156,
}
# every lead (no condition of its own): its counts and facets can read core.lead_rollup
LEAD_ROLLUP = Rollup.of(LEAD, LR, {s: rollup_mask(s) for s in ROLLUP_SETS}, CARDINALITY)
ALL_LEADS = LeadSource(rollup=LEAD_ROLLUP)
