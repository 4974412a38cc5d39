"""Meta Ad Library answers (LEGACY-PAYLOADS 5): ``meta_ads_payload`` with ``page_id``, ``platform[]``,
``number_of_ads`` and ``results[]``. Each ad's fields come under one of two names (``id`` | ``ad_id``,
``start_date`` | ``ad_delivery_start_time``, ``end_date`` | ``ad_delivery_stop_time``, ``status`` |
``ad_status``, ``landing_page_url`` | ``link_url``), and the creative's either under ``ad_creative``
(``body``, ``link_title``, ``link_description``, ``image_url``, ``video_url``) or flat
(``ad_creative_body`` ...); the nested one wins.
"""

from typing import Annotated

from pydantic import BeforeValidator

from ingest.sources.ads import Ad, AdLibraryAnswer, AdsPayload, ad_rows
from ingest.sources.base import Int, Json, Source, Text, alias, as_objects, required
from models import extracted
from models.base import Base


class MetaAd(Ad):
    paths = {
        "ad_creative.body": "body",
        "ad_creative.link_title": "headline",
        "ad_creative.link_description": "description",
        "ad_creative.image_url": "image_url",
        "ad_creative.video_url": "video_url",
    }

    ad_id: Text = alias("id", "ad_id")
    status: Text = alias("status", "ad_status")
    start_date: Text = alias("start_date", "ad_delivery_start_time")
    end_date: Text = alias("end_date", "ad_delivery_stop_time")
    placements: Json = alias("platform")
    advertiser_name: Text = alias("page_name")
    body: Text = alias("body", "ad_creative_body")
    headline: Text = alias("headline", "link_title", "ad_creative_link_title")
    description: Text = alias("description", "link_description", "ad_creative_link_description")
    image_url: Text = alias("image_url", "ad_creative_image_url")
    video_url: Text = alias("video_url", "ad_creative_video_url")
    landing_page_url: Text = alias("landing_page_url", "link_url")


class Answer(AdLibraryAnswer):
    ads: Annotated[list[MetaAd], BeforeValidator(as_objects)] = alias("results", "ads", default=[])
    reported_ad_count: Int = alias("number_of_ads")
    page_id: Text = alias("page_id")
    platforms: Json = alias("platform")


class Payload(AdsPayload):
    platform = "meta"
    vendor_field = "meta_ads_payload"
    response: Answer = required("meta_ads_payload")


def extract(p: Payload) -> list[Base]:
    return ad_rows(p)


SOURCE = Source("ads_meta", Payload, extract, tables=(extracted.AdLibraryReport, extracted.AdLibraryAd))
