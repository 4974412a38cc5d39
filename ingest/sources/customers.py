"""Customer lists: the three Claygent formats (comma string, structured list, v2) share one parser.

Where the output sits varies by Clay table (``claygent_output``, ``customers_claygent``, the top level
of a wrapped ``raw_payload``, a JSON string of any of these); `gather_output` finds it. A structured
``customers`` list always wins over the ``result`` comma string, whose splitting rule is documented in
`company_customers_claygent`. Entries without a name are skipped; names are kept exactly as sent.
A comma-string customer has no URL: the page the agent visited whose address holds the customer's
name (a case-study page first) is taken as its case study, as the old system did. A run's batch name,
answer, reasoning and visited pages are kept on each of its rows. A body with no Claygent output at
all is rejected; an empty ``customers`` list is a valid answer (stored, nothing extracted).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import BeforeValidator, Field, TypeAdapter, model_validator
from pydantic_core import PydanticCustomError

from ingest.normalize import clean_text, company_name_key, parse_json_maybe, split_list, strip_visited_prefix
from ingest.sources.base import (
    ClayPayload,
    Domain,
    Flag,
    Json,
    Lenient,
    OptDomain,
    OptLinkedinUrl,
    Text,
    alias,
    required,
)
from models.extracted import CustomerRow


class CustomerEntry(Lenient):
    """One customer of a structured Claygent list: ``{url, companyName, hasCaseStudy}`` and variants."""

    name: Text = alias("companyName", "company_name", "customerName", "customer_name", "name", "company")
    url: Text = alias("url", "caseStudyUrl", "case_study_url", "link")
    has_case_study: Flag = alias("hasCaseStudy", "has_case_study", "caseStudy")
    domain: OptDomain = alias("domain", "companyDomain", "company_domain", "website")

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data


def _customer_entries(value: object) -> list[Any]:
    value = parse_json_maybe(value)
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict | str)]


CustomerEntries = Annotated[list[CustomerEntry], BeforeValidator(_customer_entries)]


def _visited(value: object) -> list[str]:
    """Pages the agent visited, without the "Visited " Claygent writes before each URL."""
    return [url for step in split_list(value) if (url := strip_visited_prefix(step))]


class ClaygentOutput(Lenient):
    """What a Claygent customer run returns: a structured list, a comma string, or both."""

    customers: CustomerEntries = Field(default_factory=list)
    result: Json = None
    response: Text = None
    reasoning: Text = None
    confidence: Text = None
    steps_taken: Annotated[list[str], BeforeValidator(_visited)] = alias("stepsTaken", "steps_taken", default=[])

    def entries(self) -> list[CustomerEntry]:
        """Named customers; a structured list wins over the comma string (names may hold commas)."""
        named = [c for c in self.customers if c.name]
        if named:
            return named
        result = self.result
        if isinstance(result, dict):  # the whole output again, as the "result" string
            result = result.get("customers") or result.get("result")
        if isinstance(result, list | dict):
            return [c for c in _ENTRIES.validate_python(result) if c.name]
        text = clean_text(result)
        names = split_customer_names(text) if text else []
        return [CustomerEntry(name=name, url=case_study_page(name, self.steps_taken)) for name in names]


def case_study_page(name: str, pages: list[str]) -> str | None:
    """The visited page about this customer: its address holds the name's slug; a case-study page first."""
    key = company_name_key(name)
    if not key or len(key) < 3:
        return None
    slugs = {key.replace(" ", sep) for sep in ("-", "_", "")}
    about = [page for page in pages if any(slug in page.lower() for slug in slugs)]
    case_studies = [page for page in about if "case-stud" in page.lower() or "case_stud" in page.lower()]
    return next(iter(case_studies or about), None)


_ENTRIES = TypeAdapter(CustomerEntries)

_OUTPUT_KEYS = ("claygent_output", "customers_claygent", "claygent", "output")
_OUTPUT_FIELDS = ("customers", "result", "response", "reasoning", "confidence", "stepsTaken", "steps_taken")


def gather_output(data: dict[str, Any]) -> dict[str, Any]:
    """Put the Claygent output under ``claygent_output``, wherever the table sent it.

    It may be an object or JSON string under `claygent_output` / `customers_claygent`, a bare list or
    comma string there, or its fields at the top level (the structured format and wrapped rows).
    """
    top = {k: data[k] for k in _OUTPUT_FIELDS if k in data}
    for key in _OUTPUT_KEYS:
        value = parse_json_maybe(data.get(key))
        if isinstance(value, dict):
            return {**data, "claygent_output": {**top, **value}}
        if isinstance(value, list):
            return {**data, "claygent_output": {**top, "customers": value}}
        if clean_text(value):
            return {**data, "claygent_output": {**top, "result": value}}
    if not top and not any(key in data for key in _OUTPUT_KEYS):
        return data  # no output at all: the payload is rejected
    return {**data, "claygent_output": top}


# Legal forms that follow a comma inside one name: "Acme, Inc.", "Smith & Co., LLC".
_LEGAL_TAIL = {
    "inc",
    "incorporated",
    "llc",
    "l.l.c",
    "ltd",
    "limited",
    "co",
    "corp",
    "corporation",
    "plc",
    "lp",
    "l.p",
    "llp",
    "gmbh",
    "ag",
    "sa",
    "s.a",
    "nv",
    "n.v",
    "bv",
    "b.v",
    "pty ltd",
    "pte ltd",
    "sas",
    "srl",
    "s.r.l",
    "oy",
    "ab",
}


def _is_legal_tail(part: str) -> bool:
    return part.strip().lower().rstrip(".") in _LEGAL_TAIL


def _split_commas(text: str) -> list[str]:
    """Split on commas outside brackets; a legal form after a comma stays with its name."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    names: list[str] = []
    for part in parts:
        if names and _is_legal_tail(part):
            names[-1] = f"{names[-1]},{part.rstrip()}"
        else:
            names.append(part)
    return names


def split_customer_names(text: str) -> list[str]:
    """Customer names of the comma-only Claygent format; see `company_customers_claygent`."""
    parsed = parse_json_maybe(text)
    if isinstance(parsed, list):
        return split_list(parsed)
    if "\n" in text or ";" in text:
        return split_list(text)
    names = []
    for i, part in enumerate(_split_commas(text)):
        name = part.strip()
        if i > 0:  # the Oxford comma's "and": "A, B, and C"
            for conjunction in ("and ", "& "):
                name = name.removeprefix(conjunction)
        if (cleaned := clean_text(name)) is not None:
            names.append(cleaned)
    return list(dict.fromkeys(names))


class CustomerPayload(ClayPayload):
    """A Claygent customer run for one origin company, in any of the three formats."""

    subject_field: ClassVar[str] = "origin_company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    origin_company_domain: Domain = required("origin_company_domain", "origin_domain", "company_domain", "domain")
    origin_company_name: Text = alias("origin_company_name", "origin_name", "company_name")
    origin_company_linkedin_url: OptLinkedinUrl = alias(
        "origin_company_linkedin_url", "origin_linkedin_url", "company_linkedin_url"
    )
    batch_name: Text = alias("batch_name")
    claygent_output: ClaygentOutput = Field(default_factory=ClaygentOutput)

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return gather_output(data)

    @model_validator(mode="after")
    def _an_output(self) -> CustomerPayload:
        if "claygent_output" not in self.model_fields_set:
            raise PydanticCustomError(
                "missing", "no Claygent output: customers, result or response (claygent_output / customers_claygent)"
            )
        return self


C = TypeVar("C", bound=CustomerRow)


def customer_rows(p: CustomerPayload, model: Callable[..., C]) -> list[C]:
    """One row per named customer; names, URLs and flags exactly as sent."""
    output = p.claygent_output
    return [
        model(
            origin_company_domain=p.origin_company_domain,
            origin_company_name=p.origin_company_name,
            origin_company_linkedin_url=p.origin_company_linkedin_url,
            customer_name=entry.name,
            customer_domain=entry.domain,
            case_study_url=entry.url,
            has_case_study=entry.has_case_study,
            confidence=output.confidence,
            batch_name=p.batch_name,
            response=output.response,
            reasoning=output.reasoning,
            steps_taken=output.steps_taken or None,
        )
        for entry in output.entries()
    ]
