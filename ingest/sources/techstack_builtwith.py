"""BuiltWith's technologies of a company (LEGACY-PAYLOADS 6): ``builtwith_payload`` as
``{matchesFound: [...], numberOfTotalTechnologies}`` or the bare list; item keys in PascalCase
(``Name``, ``Link``, ``Description``, ``Parent``, ``Categories``, ``FirstDetected``, ``LastDetected``)
or snake/lower case. Categories arrive as a list or a comma string; detection times as text or epoch.
"""

from typing import Annotated, Any

from pydantic import BeforeValidator

from ingest.sources.base import Int, Moment, Source, Text, TextList, alias, required
from ingest.sources.techstack import Technology, TechstackPayload, VendorAnswer, technology_rows, vendor_answer
from models import extracted


class Item(Technology):
    name: Text = alias("Name", "name")
    link: Text = alias("Link", "link")
    description: Text = alias("Description", "description")
    parent: Text = alias("Parent", "parent")
    categories: TextList = alias("Categories", "categories", default=[])
    first_detected: Moment = alias("FirstDetected", "first_detected")
    last_detected: Moment = alias("LastDetected", "last_detected")

    def columns(self) -> dict[str, Any]:
        return {
            "technology_url": self.link,
            "description": self.description,
            "parent": self.parent,
            "categories": self.categories or None,
            "first_seen_at": self.first_detected,
            "last_seen_at": self.last_detected,
        }


class Answer(VendorAnswer):
    items: list[Item] = alias("matchesFound", default=[])
    total: Int = alias("numberOfTotalTechnologies")

    @property
    def technologies(self) -> list[Item]:
        return self.items


class Payload(TechstackPayload):
    vendor_field = "builtwith_payload"
    answer: Annotated[Answer, BeforeValidator(vendor_answer("matchesFound"))] = required("builtwith_payload")


def extract(p: Payload) -> list[extracted.CompanyTechnology]:
    return technology_rows(SOURCE.name, p)


SOURCE = Source("techstack_builtwith", Payload, extract, tables=(extracted.CompanyTechnology,))
