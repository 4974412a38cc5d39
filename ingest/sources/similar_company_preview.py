"""Clay-fed similar-company previews (LEGACY-PAYLOADS 8): ``{input_domain, payload: {items: [...],
metadata: {scores: {<item id>: score}}}}``, ``payload`` possibly a JSON string.

Each item is a whole CompanyEnrich company (see `companyenrich`), known by its ``domain`` (else its
``website``): one preview row per (input domain, item) with its profile and score, and one row per
funding round; a re-sent preview of the input domain replaces its rounds. A body without a listed
company, or with an item holding data but no domain or website, is rejected with the reason.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from ingest.normalize import normalize_domain, parse_float
from ingest.sources.base import (
    ClayPayload,
    Domain,
    Json,
    Lenient,
    OptDomain,
    Source,
    alias,
    as_object,
    as_objects,
    dig,
    required,
)
from ingest.sources.companyenrich import Nested, Profile, funding_rounds
from models import extracted
from models.base import Base


class Item(Profile):
    domain: OptDomain = alias("domain")

    @property
    def company_domain(self) -> str | None:
        return self.domain or normalize_domain(self.website)


class Response(Lenient):
    items: Annotated[list[Item], BeforeValidator(as_objects)] = alias("items", default=[])
    metadata: Json = alias("metadata")

    def score(self, item: Item) -> float | None:
        scores = as_object(dig(self.metadata, "scores")) or {}
        return parse_float(scores.get(item.companyenrich_id)) if item.companyenrich_id else None


class Payload(ClayPayload):
    subject_field: ClassVar[str] = "input_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    input_domain: Domain = required("input_domain")
    response: Annotated[Response, Nested] = alias("payload", default=Response())

    @model_validator(mode="after")
    def _companies(self) -> Payload:
        items = [item for item in self.response.items if item.sent]
        if not items:
            raise PydanticCustomError("missing", "payload.items lists no similar company")
        for position, item in enumerate(self.response.items):
            if item.sent and item.company_domain is None:
                raise PydanticCustomError(
                    "missing", "payload.items[{position}] has no domain or website", {"position": position}
                )
        return self


def extract(p: Payload) -> list[Base]:
    rows: list[Base] = []
    for item in p.response.items:
        if (domain := item.company_domain) is None:
            continue
        key: dict[str, Any] = {"input_domain": p.input_domain, "company_domain": domain}
        columns = item.columns()
        rows.append(extracted.SimilarCompanyPreview(**key, **columns, similarity_score=p.response.score(item)))
        rows.extend(funding_rounds(item, extracted.SimilarCompanyPreviewRound, **key))
    return rows


SOURCE = Source(
    "similar_company_preview",
    Payload,
    extract,
    tables=(extracted.SimilarCompanyPreview, extracted.SimilarCompanyPreviewRound),
    replaces=(extracted.SimilarCompanyPreviewRound.input_domain,),
)
