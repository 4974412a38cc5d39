"""LinkedIn Ad Library answers (LEGACY-PAYLOADS 5): ``linkedin_ads_payload`` with ``page_id``,
``total_ads`` and ``ads[]`` (``ad_id``, ``type``, ``creative_type``, ``view_details_link``,
``headline.{title,description}``, ``commentary.text``, ``image.{url,alt_text}``, ``advertiser.name``).
"""

from typing import Annotated

from pydantic import BeforeValidator

from ingest.sources.ads import Ad, AdLibraryAnswer, AdsPayload, ad_rows
from ingest.sources.base import Int, Source, Text, alias, as_objects, required
from models import extracted
from models.base import Base


class LinkedinAd(Ad):
    paths = {
        "headline.title": "headline_title",  # not "headline": that key holds the object
        "headline.description": "description",
        "commentary.text": "body",
        "image.url": "image_url",
        "image.alt_text": "image_alt_text",
        "advertiser.name": "advertiser_name",
    }

    ad_id: Text = alias("ad_id")
    ad_type: Text = alias("type")
    creative_type: Text = alias("creative_type")
    details_url: Text = alias("view_details_link")
    headline: Text = alias("headline_title")


class Answer(AdLibraryAnswer):
    ads: Annotated[list[LinkedinAd], BeforeValidator(as_objects)] = alias("ads", default=[])
    reported_ad_count: Int = alias("total_ads")
    page_id: Text = alias("page_id")


class Payload(AdsPayload):
    platform = "linkedin"
    vendor_field = "linkedin_ads_payload"
    response: Answer = required("linkedin_ads_payload")


def extract(p: Payload) -> list[Base]:
    return ad_rows(p)


SOURCE = Source("ads_linkedin", Payload, extract, tables=(extracted.AdLibraryReport, extracted.AdLibraryAd))
