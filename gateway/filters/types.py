"""The filter dropdowns: every option with its stored value, label, order and lead count.

`Filters` has one field per dropdown the lead model declares (gateway/leads/fields.py), then the
signals and VC firms, which are lists of their own rather than lead columns.
"""

from typing import TYPE_CHECKING, Any, TypeAlias

import strawberry

from gateway.leads.fields import LEAD


@strawberry.type(description="One dropdown option; `value` is the stored value, usable as is in LeadFilter.")
class FilterOption:
    value: str
    label: str
    sort_order: int
    count: int = strawberry.field(
        description="Complete leads with this value. Signals count the complete leads their list holds with its "
        "default window; past_employer and company_customers, which need an argument, give the query planner's "
        "estimate of complete leads with any such past job."
    )


def _filters_type() -> Any:
    dropdowns = {name: f.dropdown.description for name, f in LEAD.dropdowns.items() if f.dropdown is not None}
    described = {**dropdowns, "signals": None, "vc_firms": None}
    namespace = {name: strawberry.field(description=description) for name, description in described.items()}
    annotations = dict.fromkeys(described, list[FilterOption])
    cls = type("Filters", (), {"__annotations__": annotations, **namespace})
    return strawberry.type(
        cls, name="Filters", description="Options of every lead filter, with counts over complete leads."
    )


if TYPE_CHECKING:  # derived at run time; mypy sees it as Any
    Filters: TypeAlias = Any
else:
    Filters = _filters_type()
