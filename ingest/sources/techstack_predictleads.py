"""PredictLeads' technologies of a company (LEGACY-PAYLOADS 6): ``predictleads_payload`` as
``{technologies: [{title, url, domain, categories, score, first_seen_at, last_seen_at, behind_firewall}],
total_count}`` or the bare list.
"""

from typing import Annotated, Any

from pydantic import BeforeValidator

from ingest.normalize import parse_float
from ingest.sources.base import Flag, Int, Moment, OptDomain, Source, Text, TextList, alias, required
from ingest.sources.techstack import Technology, TechstackPayload, VendorAnswer, technology_rows, vendor_answer
from models import extracted


class Item(Technology):
    name: Text = alias("title")
    url: Text = alias("url")
    domain: OptDomain = alias("domain")
    categories: TextList = alias("categories", default=[])
    score: Annotated[float | None, BeforeValidator(parse_float)] = alias("score")
    first_seen_at: Moment = alias("first_seen_at")
    last_seen_at: Moment = alias("last_seen_at")
    behind_firewall: Flag = alias("behind_firewall")

    def columns(self) -> dict[str, Any]:
        return {
            "technology_url": self.url,
            "technology_domain": self.domain,
            "categories": self.categories or None,
            "score": self.score,
            "first_seen_at": self.first_seen_at,
            "last_seen_at": self.last_seen_at,
            "behind_firewall": self.behind_firewall,
        }


class Answer(VendorAnswer):
    items: list[Item] = alias("technologies", default=[])
    total: Int = alias("total_count")

    @property
    def technologies(self) -> list[Item]:
        return self.items


class Payload(TechstackPayload):
    vendor_field = "predictleads_payload"
    answer: Annotated[Answer, BeforeValidator(vendor_answer("technologies"))] = required("predictleads_payload")


def extract(p: Payload) -> list[extracted.CompanyTechnology]:
    return technology_rows(SOURCE.name, p)


SOURCE = Source("techstack_predictleads", Payload, extract, tables=(extracted.CompanyTechnology,))
