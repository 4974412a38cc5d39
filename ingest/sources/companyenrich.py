"""The CompanyEnrich company object (LEGACY-PAYLOADS 3 ``raw_payload``, 8 ``payload.items[]``), read once
for both sources that carry it: `companyenrich_company` (one company) and `similar_company_preview`
(its look-alikes).

Nested objects are flattened into the profile columns: ``location.{address, phone, postal_code,
city{name,id,latitude,longitude}, state{name,code,id}, country{name,code}}``, the ten ``socials.*``
URLs and ids, ``financial.{total_funding, funding_stage, funding_date, stock_symbol, stock_exchange}``;
``financial.funding[]`` gives one round row each, its ``from`` (a comma string) split into investors.
Lists (keywords, industries, categories, technologies, NAICS codes) arrive as lists, JSON strings or
comma strings; a city, state or country sent as a bare name is read as its name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator

from ingest.normalize import clean_text, parse_float
from ingest.sources.base import (
    Day,
    Int,
    Json,
    Lenient,
    Moment,
    OptLinkedinUrl,
    Text,
    TextList,
    alias,
    as_object,
    as_objects,
)
from ingest.sources.email_finders import VendorResponse
from ingest.sources.signal_news_fundraising import amount_usd
from models.extracted import FundingRound

Float = Annotated[float | None, BeforeValidator(parse_float)]


def _object(value: object) -> dict[str, Any]:
    """A nested object; a bare name stands for ``{"name": ...}``, anything else for an empty object."""
    name = clean_text(value) if isinstance(value, str) and as_object(value) is None else None
    return {"name": name} if name else as_object(value) or {}


Nested = BeforeValidator(_object)


class City(Lenient):
    name: Text = alias("name")
    id: Text = alias("id")
    latitude: Float = alias("latitude", "lat")
    longitude: Float = alias("longitude", "lng", "lon")


class State(Lenient):
    name: Text = alias("name")
    code: Text = alias("code")
    id: Text = alias("id")


class Country(Lenient):
    name: Text = alias("name")
    code: Text = alias("code")


class Location(Lenient):
    address: Text = alias("address")
    phone: Text = alias("phone")
    postal_code: Text = alias("postal_code", "postalCode")
    city: Annotated[City, Nested] = alias("city", default=City())
    state: Annotated[State, Nested] = alias("state", default=State())
    country: Annotated[Country, Nested] = alias("country", default=Country())


class Socials(Lenient):
    linkedin_url: OptLinkedinUrl = alias("linkedin_url")
    linkedin_id: Text = alias("linkedin_id")
    twitter_url: Text = alias("twitter_url")
    facebook_url: Text = alias("facebook_url")
    github_url: Text = alias("github_url")
    youtube_url: Text = alias("youtube_url")
    instagram_url: Text = alias("instagram_url")
    crunchbase_url: Text = alias("crunchbase_url")
    g2_url: Text = alias("g2_url")
    angellist_url: Text = alias("angellist_url")


class Round(Lenient):
    type: Text = alias("type")
    date: Day = alias("date")
    amount: Text = alias("amount")
    url: Text = alias("url")
    investors: TextList = alias("from", "investors", default=[])

    @property
    def sent(self) -> bool:
        return any(v not in (None, []) for v in self.model_dump().values())


class Financial(Lenient):
    total_funding: Text = alias("total_funding")
    funding_stage: Text = alias("funding_stage")
    funding_date: Day = alias("funding_date")
    stock_symbol: Text = alias("stock_symbol")
    stock_exchange: Text = alias("stock_exchange")
    funding: Annotated[list[Round], BeforeValidator(as_objects)] = alias("funding", default=[])


class Profile(VendorResponse):
    """A CompanyEnrich company; `sent` is False when it holds none of these fields."""

    companyenrich_id: Text = alias("id")
    name: Text = alias("name")
    company_type: Text = alias("type")
    website: Text = alias("website")
    revenue: Text = alias("revenue")
    employees: Text = alias("employees")
    industry: Text = alias("industry")
    industries: TextList = alias("industries", default=[])
    categories: TextList = alias("categories", default=[])
    keywords: TextList = alias("keywords", default=[])
    technologies: TextList = alias("technologies", default=[])
    naics_codes: TextList = alias("naics_codes", default=[])
    description: Text = alias("description")
    seo_description: Text = alias("seo_description")
    founded_year: Int = alias("founded_year")
    page_rank: Int = alias("page_rank")
    logo_url: Text = alias("logo_url")
    updated_at: Moment = alias("updated_at")
    location: Annotated[Location, Nested] = alias("location", default=Location())
    socials: Annotated[Socials, Nested] = alias("socials", default=Socials())
    financial: Annotated[Financial, Nested] = alias("financial", default=Financial())
    subsidiaries: Json = alias("subsidiaries")

    def columns(self) -> dict[str, Any]:
        """The `extracted.CompanyEnrichProfile` columns."""
        place, social, money = self.location, self.socials, self.financial
        lists = {name: getattr(self, name) or None for name in LIST_FIELDS}
        return {
            **{name: getattr(self, name) for name in SCALAR_FIELDS},
            **lists,
            "companyenrich_updated_at": self.updated_at,
            "address": place.address,
            "phone": place.phone,
            "postal_code": place.postal_code,
            "city": place.city.name,
            "city_id": place.city.id,
            "latitude": place.city.latitude,
            "longitude": place.city.longitude,
            "state": place.state.name,
            "state_code": place.state.code,
            "state_id": place.state.id,
            "country": place.country.name,
            "country_code": place.country.code,
            **social.model_dump(),
            "total_funding": money.total_funding,
            "total_funding_usd": amount_usd(money.total_funding),
            "funding_stage": money.funding_stage,
            "funding_date": money.funding_date,
            "stock_symbol": money.stock_symbol,
            "stock_exchange": money.stock_exchange,
        }


LIST_FIELDS = ("industries", "categories", "keywords", "technologies", "naics_codes")
SCALAR_FIELDS = tuple(
    name
    for name in Profile.model_fields
    if name not in (*LIST_FIELDS, "updated_at", "location", "socials", "financial")
)

R = TypeVar("R", bound=FundingRound)


def funding_rounds(profile: Profile, make: Callable[..., R], **key: Any) -> list[R]:
    """One row per round that holds any field, numbered in list order, under the table's `key` columns."""
    return [
        make(
            **key,
            position=position,
            round_type=r.type,
            round_date=r.date,
            amount=r.amount,
            amount_usd=amount_usd(r.amount),
            url=r.url,
            investors=r.investors or None,
        )
        for position, r in enumerate(r for r in profile.financial.funding if r.sent)
    ]
