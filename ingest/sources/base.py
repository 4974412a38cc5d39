"""What every source shares: the lenient Clay payload base, field types, and the Source declaration.

A payload arrives either flat or wrapped as ``{<key fields>, workflow_slug, raw_payload: {...}}`` (the
inner object possibly a JSON string); `ClayPayload` accepts both. Field types clean what Clay sends
(empty strings, numbers as text, lists as CSV or JSON strings) and never reject an optional field:
only a missing or unusable key field rejects a payload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import InstrumentedAttribute

from ingest.normalize import (
    clean_text,
    company_name_key,
    normalize_domain,
    normalize_linkedin_url,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_json_maybe,
    split_list,
)
from models.base import Base

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


def _domain_if_sent(value: object) -> str | None:
    """An optional key field: absent is None, but a value that is no domain rejects the payload."""
    return _domain(value) if clean_text(value) is not None else None


def _linkedin_url_if_sent(value: object) -> str | None:
    """An optional key field: absent is None, but a value that is no LinkedIn URL rejects the payload."""
    return _linkedin_url(value) if clean_text(value) is not None else None


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


def _int32(value: object) -> int | None:
    """An integer column's value; absurd numbers (beyond PostgreSQL's integer) are unknown, not an error."""
    number = parse_int(value)
    return number if number is not None and -(2**31) <= number < 2**31 else None


def _json(value: object) -> Any:
    parsed = parse_json_maybe(value)
    return None if parsed in ("", [], {}) else parsed


def _first(value: object) -> str | None:
    """The first non-empty value of a list Clay sent as a list or a comma string (its arrays arrive so)."""
    values = split_list(value)
    return values[0] if values else None


def _first_date(value: object) -> date | None:
    """A date, or the first of a comma list of dates ("2025-01-06, 2023-05-01"); "May 1, 2025" stays whole."""
    return parse_date(value) or parse_date(_first(value))


def _first_valid(normalise: Callable[[str], str | None]) -> Callable[[object], str | None]:
    """The first value of a list or comma string that `normalise` accepts, normalised."""

    def first(value: object) -> str | None:
        return next((found for text in split_list(value) if (found := normalise(text))), None)

    return first


Domain = Annotated[str, BeforeValidator(_domain)]
LinkedinUrl = Annotated[str, BeforeValidator(_linkedin_url)]
OptDomain = Annotated[str | None, BeforeValidator(_optional_domain)]
DomainIfSent = Annotated[str | None, BeforeValidator(_domain_if_sent)]
LinkedinUrlIfSent = Annotated[str | None, BeforeValidator(_linkedin_url_if_sent)]
OptLinkedinUrl = Annotated[str | None, BeforeValidator(_optional_linkedin_url)]
Text = Annotated[str | None, BeforeValidator(clean_text)]
Day = Annotated[date | None, BeforeValidator(parse_date)]
Moment = Annotated[datetime | None, BeforeValidator(parse_datetime)]
Flag = Annotated[bool | None, BeforeValidator(parse_bool)]
Int = Annotated[int | None, BeforeValidator(_int32)]
TextList = Annotated[list[str], BeforeValidator(split_list)]
Json = Annotated[Any, BeforeValidator(_json)]
# the first value of a list or comma string ("acme.example, acme-old.example" -> "acme.example")
FirstText = Annotated[str | None, BeforeValidator(_first)]
FirstDomain = Annotated[str | None, BeforeValidator(_first_valid(normalize_domain))]
FirstDay = Annotated[date | None, BeforeValidator(_first_date)]
FirstLinkedinUrl = Annotated[str | None, BeforeValidator(_first_valid(normalize_linkedin_url))]


def alias(*names: str, default: Any = None) -> Any:
    """An optional field read from the first of several names Clay tables use for it."""
    return Field(default, validation_alias=AliasChoices(*names))


def required(*names: str) -> Any:
    """A key field: the payload is rejected without it."""
    return Field(validation_alias=AliasChoices(*names))


# --- payloads ------------------------------------------------------------------------------------


def unwrap(data: dict[str, Any], wrapper: str = "raw_payload") -> dict[str, Any]:
    """Merge the old system's ``{<key fields>, raw_payload: {...}}`` form into one flat object.

    Outer non-empty values win: they are the key fields the Clay table was built around. `wrapper`
    names another such object (``raw_person_payload``).
    """
    inner = parse_json_maybe(data.get(wrapper))
    if not isinstance(inner, dict):
        return data
    outer = {k: v for k, v in data.items() if k != wrapper and v is not None and v != ""}
    return {**inner, **outer}


def dig(data: object, path: str) -> Any:
    """The value at a dotted path (``raw_event_payload.newsData.publishDate``); each step may be a JSON string."""
    value: Any = data
    for step in path.split("."):
        value = as_object(value)
        if value is None:
            return None
        value = value.get(step)
    return value


def gather(data: dict[str, Any], paths: Mapping[str, str]) -> dict[str, Any]:
    """Copy nested values (dotted path -> field name) to the top level, for a payload model to read.

    A non-empty top-level value wins, and the first path that holds a value wins among paths of one name.
    """
    found: dict[str, Any] = {}
    for path, name in paths.items():
        value = dig(data, path)
        if value is not None and value != "" and data.get(name) in (None, "") and name not in found:
            found[name] = value
    return {**data, **found}


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
        data = cls.prepare(unwrap(data))
        names = cls.model_fields[cls.subject_field].validation_alias
        choices = names.choices if isinstance(names, AliasChoices) else [cls.subject_field]
        normalise = _optional_domain if cls.subject_kind == "domain" else _optional_linkedin_url
        for name in choices:
            if isinstance(name, str) and (value := normalise(data.get(name))):
                return value
        return None


class CompanyPayload(ClayPayload):
    """A payload about a company known by its domain or, failing that, only by its LinkedIn URL.

    Never refused for lacking the domain: the row is kept with ``company_domain = ""`` and the core build
    places it once core knows the company. Sources declare both fields with their own aliases.
    """

    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: DomainIfSent = None
    company_linkedin_url: OptLinkedinUrl = None

    @model_validator(mode="after")
    def _a_company(self) -> CompanyPayload:
        if not (self.company_domain or self.company_linkedin_url):
            raise PydanticCustomError("missing", "a company_domain or a company_linkedin_url is required")
        return self

    @property
    def subject(self) -> str:
        return self.company_domain or self.company_linkedin_url or ""


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
    "Day",
    "Domain",
    "DomainIfSent",
    "FirstDay",
    "FirstDomain",
    "FirstLinkedinUrl",
    "FirstText",
    "Flag",
    "Int",
    "Json",
    "LinkedinUrl",
    "LinkedinUrlIfSent",
    "Lookups",
    "Moment",
    "OptDomain",
    "OptLinkedinUrl",
    "Source",
    "Text",
    "TextList",
    "alias",
    "as_object",
    "as_objects",
    "dig",
    "gather",
    "required",
]
