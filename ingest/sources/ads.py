"""What the three ad-library sources share (LEGACY-PAYLOADS 5): the company, one vendor answer, its ads.

The old endpoints took ``{domain, clay_table_url, <vendor>_ads_payload: {...}}`` (the answer possibly a
JSON string, the whole body possibly under ``raw_payload``). Each answer becomes one
`extracted.ad_library_reports` row (its total, the number of ads listed, the page) and one
`extracted.ad_library_ads` row per ad, the platforms' fields mapped onto one set of columns. An answer
holding neither an ad list, a total nor a page is rejected; an empty ad list is a valid answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ingest.normalize import parse_json_maybe
from ingest.sources.base import ClayPayload, Domain, Int, Json, Lenient, Text, alias, gather, required
from models import extracted
from models.base import Base

# an answer carries at least one of these (by field name) to be one
ANSWER_FIELDS = frozenset({"ads", "reported_ad_count", "page_id"})


class Ad(Lenient):
    """One ad; fields are named as `extracted.ad_library_ads` columns, `paths` lift nested values to them."""

    paths: ClassVar[Mapping[str, str]] = {}

    ad_id: Text = None
    ad_type: Text = None
    creative_type: Text = None
    advertiser_id: Text = None
    advertiser_name: Text = None
    status: Text = None
    start_date: Text = None
    end_date: Text = None
    last_seen: Text = None
    placements: Json = None
    headline: Text = None
    description: Text = None
    body: Text = None
    image_url: Text = None
    image_alt_text: Text = None
    video_url: Text = None
    landing_page_url: Text = None
    details_url: Text = None
    variant_content: Text = None
    variant_width: Int = None
    variant_height: Int = None

    @model_validator(mode="before")
    @classmethod
    def _lift(cls, data: Any) -> Any:
        data = parse_json_maybe(data)
        return gather(cls.prepare(data), cls.paths) if isinstance(data, dict) else data

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Hook for a platform that reshapes an ad before its paths are read."""
        return data


class AdLibraryAnswer(Lenient):
    """A vendor's answer; platforms declare `ads` (their `Ad`) and the aliases of the other fields."""

    ads: Sequence[Ad] = ()
    reported_ad_count: Int = None
    page_id: Text = None
    platforms: Json = None


class AdsPayload(ClayPayload):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"
    platform: ClassVar[str]
    vendor_field: ClassVar[str]

    company_domain: Domain = required("domain", "company_domain")
    clay_table_url: Text = alias("clay_table_url")
    response: AdLibraryAnswer

    @model_validator(mode="after")
    def _an_answer(self) -> AdsPayload:
        if not ANSWER_FIELDS & self.response.model_fields_set:
            raise PydanticCustomError(
                "missing", "{field} holds no ads, ad count or page id", {"field": self.vendor_field}
            )
        return self


def ad_rows(p: AdsPayload) -> list[Base]:
    """The answer's report row and one row per ad (keyed by its id, else ``#<position>``)."""
    r, company = p.response, {"platform": p.platform, "company_domain": p.company_domain}
    report = extracted.AdLibraryReport(
        **company,
        reported_ad_count=r.reported_ad_count,
        listed_ad_count=len(r.ads),
        page_id=r.page_id,
        platforms=r.platforms,
        clay_table_url=p.clay_table_url,
    )
    ads = [
        extracted.AdLibraryAd(**company, ad_key=ad.ad_id or f"#{position}", **ad.model_dump())
        for position, ad in enumerate(r.ads, 1)
    ]
    return [report, *ads]
