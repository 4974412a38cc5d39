"""What every source shares: the lenient Clay payload base, field types, and the Source declaration.

A payload arrives either flat or wrapped as ``{<key fields>, workflow_slug, raw_payload: {...}}`` (the
inner object possibly a JSON string); `ClayPayload` accepts both. Field types clean what Clay sends
(empty strings, numbers as text, lists as CSV or JSON strings) and never reject an optional field:
only a missing or unusable key field rejects a payload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import InstrumentedAttribute

from ingest.normalize import (
    clean_text,
    company_name_key,
    normalize_domain,
    normalize_linkedin_url,
    parse_bool,
    parse_date,
    parse_float,
    parse_int,
    parse_json_maybe,
    split_list,
    strip_visited_prefix,
)
from models.base import Base
from models.extracted import CustomerRow

# --- field types ---------------------------------------------------------------------------------


def _required(value: object, normalise: Callable[[str], str | None], code: str, what: str) -> str:
    text = clean_text(value)
    if text is None:
        raise PydanticCustomError("missing", "Field required")
    normalised = normalise(text)
    if normalised is None:
        raise PydanticCustomError(code, "not a {what}: {value}", {"what": what, "value": text[:200]})
    return normalised


def _domain(value: object) -> str:
    return _required(value, normalize_domain, "invalid_domain", "domain")


def _linkedin_url(value: object) -> str:
    return _required(value, normalize_linkedin_url, "invalid_linkedin_url", "LinkedIn URL")


def _optional_domain(value: object) -> str | None:
    text = clean_text(value)
    return normalize_domain(text) if text else None


def _optional_linkedin_url(value: object) -> str | None:
    text = clean_text(value)
    return normalize_linkedin_url(text) if text else None


def as_objects(value: object) -> list[dict[str, Any]]:
    """A list of objects sent as a list, a JSON string or a single object; other items dropped."""
    value = parse_json_maybe(value)
    items = value if isinstance(value, list) else [value]
    return [item for item in (parse_json_maybe(i) for i in items) if isinstance(item, dict)]


def as_object(value: object) -> dict[str, Any] | None:
    """An object sent as an object or a JSON string; anything else (``""``, a list) is None."""
    value = parse_json_maybe(value)
    return value if isinstance(value, dict) else None


def _json(value: object) -> Any:
    parsed = parse_json_maybe(value)
    return None if parsed in ("", [], {}) else parsed


Domain = Annotated[str, BeforeValidator(_domain)]
LinkedinUrl = Annotated[str, BeforeValidator(_linkedin_url)]
OptDomain = Annotated[str | None, BeforeValidator(_optional_domain)]
OptLinkedinUrl = Annotated[str | None, BeforeValidator(_optional_linkedin_url)]
Text = Annotated[str | None, BeforeValidator(clean_text)]
Day = Annotated[date | None, BeforeValidator(parse_date)]
Flag = Annotated[bool | None, BeforeValidator(parse_bool)]
Int = Annotated[int | None, BeforeValidator(parse_int)]
Number = Annotated[float | None, BeforeValidator(parse_float)]
TextList = Annotated[list[str], BeforeValidator(split_list)]
Json = Annotated[Any, BeforeValidator(_json)]
Objects = Annotated[list[dict[str, Any]], BeforeValidator(as_objects)]


def alias(*names: str, default: Any = None) -> Any:
    """An optional field read from the first of several names Clay tables use for it."""
    return Field(default, validation_alias=AliasChoices(*names))


def required(*names: str) -> Any:
    """A key field: the payload is rejected without it."""
    return Field(validation_alias=AliasChoices(*names))


# --- payloads ------------------------------------------------------------------------------------


def unwrap(data: dict[str, Any]) -> dict[str, Any]:
    """Merge the old system's ``{<key fields>, raw_payload: {...}}`` form into one flat object.

    Outer non-empty values win: they are the key fields the Clay table was built around.
    """
    inner = parse_json_maybe(data.get("raw_payload"))
    if not isinstance(inner, dict):
        return data
    outer = {k: v for k, v in data.items() if k != "raw_payload" and v is not None and v != ""}
    return {**inner, **outer}


class Lenient(BaseModel):
    """Unknown fields are ignored here (the raw row keeps them); a JSON string is read as its object."""

    model_config = ConfigDict(extra="ignore", frozen=True, validate_by_name=True, validate_by_alias=True)

    @model_validator(mode="before")
    @classmethod
    def _decode(cls, data: Any) -> Any:
        return parse_json_maybe(data)


class ClayPayload(Lenient):
    """Base of every source's payload: accepts the flat and the wrapped form."""

    # the field whose normalised value is the raw row's subject (domain or LinkedIn URL)
    subject_field: ClassVar[str]
    subject_kind: ClassVar[Literal["domain", "linkedin"]]

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, data: Any) -> Any:
        data = parse_json_maybe(data)
        return cls.prepare(unwrap(data)) if isinstance(data, dict) else data

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Hook for sources that gather fields from several places before validation."""
        return data

    @property
    def subject(self) -> str:
        value: str = getattr(self, self.subject_field)
        return value

    @classmethod
    def guess_subject(cls, body: object) -> str | None:
        """The subject of a payload that failed validation, when its key field is still readable."""
        data = parse_json_maybe(body)
        if not isinstance(data, dict):
            return None
        data = unwrap(data)
        names = cls.model_fields[cls.subject_field].validation_alias
        choices = names.choices if isinstance(names, AliasChoices) else [cls.subject_field]
        normalise = _optional_domain if cls.subject_kind == "domain" else _optional_linkedin_url
        for name in choices:
            if isinstance(name, str) and (value := normalise(data.get(name))):
                return value
        return None


# --- customer lists (the three Claygent formats and manual rows share them) ----------------------


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
        return [CustomerEntry(name=name) for name in split_customer_names(text)] if text else []


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
    claygent_output: ClaygentOutput = Field(default_factory=ClaygentOutput)

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return gather_output(data)


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
            case_study_url=entry.url,
            has_case_study=entry.has_case_study,
            confidence=output.confidence,
        )
        for entry in output.entries()
    ]


# --- the declaration -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lookups:
    """Reference data a source's `resolve` step may use: canonical VC firm names by alias key."""

    vc_names: Mapping[str, str] = field(default_factory=dict)

    def vc_name(self, name: str) -> str:
        """Canonical firm name for a name or alias (matched on its name key), else the name as sent."""
        return self.vc_names.get(company_name_key(name) or "", name)


P = TypeVar("P", bound=ClayPayload)


@dataclass(frozen=True, slots=True)
class Source(Generic[P]):
    """One ingest source: its payload model, a pure extract function and the tables it fills."""

    name: str
    payload: type[P]
    extract: Callable[[P], Sequence[Base]]
    tables: tuple[type[Base], ...]
    raw_view: str | None = None
    # bump when extract changes meaning; stored per raw row so replays can target old versions
    version: int = 1
    # columns whose rows equal to the subject are deleted before writing (a profile's experience)
    replaces: tuple[InstrumentedAttribute[str], ...] = ()
    # a pure second step that needs reference data (loaded and cached by the pipeline)
    resolve: Callable[[list[Base], Lookups], list[Base]] | None = None


__all__ = [
    "ClayPayload",
    "ClaygentOutput",
    "CustomerEntry",
    "CustomerPayload",
    "Day",
    "Domain",
    "Flag",
    "Int",
    "Json",
    "LinkedinUrl",
    "Lookups",
    "Number",
    "Objects",
    "OptDomain",
    "OptLinkedinUrl",
    "Source",
    "Text",
    "TextList",
    "alias",
    "as_object",
    "as_objects",
    "customer_rows",
    "gather_output",
    "required",
    "split_customer_names",
]
