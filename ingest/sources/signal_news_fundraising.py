"""Signal: company news or a funding round. Keys: ``company_domain, headline, url, published_at,
amount, round``.

One article per row, or several under ``news`` / ``articles``. The old Clay signal sends ``news_title``,
``news_url``, ``description`` and the whole Clay event as ``raw_event_payload`` (its ``newsData`` is read
for what the top level lacks, e.g. ``publishDate``). ``amount`` is kept as sent ("$10M");
``amount_usd`` is its value when it is in dollars or has no currency. Articles without a headline
(or title) are skipped.
"""

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from ingest.normalize import clean_text, parse_float
from ingest.sources.base import (
    ClayPayload,
    Day,
    Domain,
    Lenient,
    Source,
    Text,
    alias,
    as_objects,
    gather,
    required,
)
from models import extracted

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_AMOUNT = re.compile(
    r"(?P<usd>us\$|\$|usd)?\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>[a-z]+)?\s*(?P<usd2>usd)?",
    re.IGNORECASE,
)


def amount_usd(value: object) -> float | None:
    """ "$10M" -> 10e6, "USD 2.5 million" -> 2.5e6, "12000000" -> 12e6; other currencies -> None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_float(value)
    text = clean_text(value)
    match = _AMOUNT.fullmatch(text.strip()) if text else None
    if match is None:
        return None
    scale = _SCALE.get((match["scale"] or "").lower(), None if match["scale"] else 1.0)
    number = parse_float(match["number"])
    return number * scale if number is not None and scale is not None else None


# the old signal's whole Clay event: its article fields, under the names the top level uses
NEWS_DATA = {
    "raw_event_payload.newsData.title": "news_title",
    "raw_event_payload.newsData.url": "news_url",
    "raw_event_payload.newsData.description": "description",
    "raw_event_payload.newsData.publishDate": "publish_date",
}


class Article(Lenient):
    headline: Text = alias("headline", "news_title", "title", "name")
    url: Text = alias("url", "link", "article_url", "news_url")
    description: Text = alias("description", "summary", "news_description")
    published_at: Day = alias("published_at", "published_date", "date", "announced_on", "publish_date", "publishDate")
    amount: Text = alias("amount", "amount_raised", "money_raised", "funding_amount")
    round: Text = alias("round", "funding_round", "round_type", "series")


Articles = Annotated[list[Article], BeforeValidator(as_objects)]


class Payload(ClayPayload, Article):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: Domain = required("company_domain", "domain", "company_website")
    news: Articles = alias("news", "articles", default=[])

    @classmethod
    def prepare(cls, data: dict[str, Any]) -> dict[str, Any]:
        return gather(data, NEWS_DATA)

    def articles(self) -> list[Article]:
        return self.news or [self]

    @model_validator(mode="after")
    def _an_article(self) -> "Payload":
        if not any(article.headline for article in self.articles()):
            raise PydanticCustomError("missing", "no article with a headline (headline, title or news_title)")
        return self


def extract(p: Payload) -> list[extracted.SignalNewsFundraising]:
    return [
        extracted.SignalNewsFundraising(
            company_domain=p.company_domain,
            headline=article.headline,
            url=article.url,
            description=article.description,
            published_at=article.published_at,
            amount=article.amount,
            amount_usd=amount_usd(article.amount),
            round=article.round,
        )
        for article in p.articles()
        if article.headline
    ]


SOURCE = Source("signal_news_fundraising", Payload, extract, tables=(extracted.SignalNewsFundraising,), version=2)
