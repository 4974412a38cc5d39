"""Google Ads Transparency answers (LEGACY-PAYLOADS 5): ``google_ads_payload`` with ``ads[]``
(``creative_id``, ``format``, ``start``, ``last_seen``, ``advertiser_id``, ``advertiser_name``,
``original_url``, ``variants[0].{content,width,height}``) and ``total_ad_count``. Only the first
variant is read, as before; ``country_code`` and ``continuation_token`` stay in the raw row.
"""

from typing import Annotated, Any

from pydantic import BeforeValidator

from ingest.sources.ads import Ad, AdLibraryAnswer, AdsPayload, ad_rows
from ingest.sources.base import Int, Source, Text, alias, as_objects, required
from models import extracted
from models.base import Base


class GoogleAd(Ad):
    paths = {"variant.content": "variant_content", "variant.width": "variant_width", "variant.height": "variant_height"}

    ad_id: Text = alias("creative_id")
    ad_type: Text = alias("format")
    start_date: Text = alias("start")
    last_seen: Text = alias("last_seen")
    advertiser_id: Text = alias("advertiser_id")
    advertiser_name: Text = alias("advertiser_name")
    landing_page_url: Text = alias("original_url")

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        variants = as_objects(data.get("variants"))
        return {**data, "variant": variants[0]} if variants else data


class Answer(AdLibraryAnswer):
    ads: Annotated[list[GoogleAd], BeforeValidator(as_objects)] = alias("ads", default=[])
    reported_ad_count: Int = alias("total_ad_count")


class Payload(AdsPayload):
    platform = "google"
    vendor_field = "google_ads_payload"
    response: Answer = required("google_ads_payload")


def extract(p: Payload) -> list[Base]:
    return ad_rows(p)


SOURCE = Source("ads_google", Payload, extract, tables=(extracted.AdLibraryReport, extracted.AdLibraryAd))
