"""The filter dropdowns: every option with its stored value, label, order and lead count."""

import strawberry


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


@strawberry.type(description="Options of every lead filter, with counts over complete leads.")
class Filters:
    job_functions: list[FilterOption]
    seniorities: list[FilterOption]
    employee_ranges: list[FilterOption]
    industries: list[FilterOption]
    countries: list[FilterOption] = strawberry.field(description="Person countries.")
    signals: list[FilterOption]
    vc_firms: list[FilterOption]
    business_models: list[FilterOption]
