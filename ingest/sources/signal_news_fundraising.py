"""Signal: company news or a funding round. Keys: ``company_domain, headline, url, published_at,
amount, round``.

One article per row, or several under ``news`` / ``articles``. ``amount`` is kept as sent ("$10M");
``amount_usd`` is its value when it is in dollars or has no currency. Articles without a headline
(or title) are skipped.
"""

import re
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator

from ingest.normalize import clean_text, parse_float
from ingest.sources.base import ClayPayload, Day, Domain, Lenient, Source, Text, alias, as_objects, required
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


class Article(Lenient):
    headline: Text = alias("headline", "title", "name")
    url: Text = alias("url", "link", "article_url")
    published_at: Day = alias("published_at", "published_date", "date", "announced_on")
    amount: Text = alias("amount", "amount_raised", "money_raised", "funding_amount")
    round: Text = alias("round", "funding_round", "round_type", "series")


Articles = Annotated[list[Article], BeforeValidator(as_objects)]


class Payload(ClayPayload, Article):
    subject_field: ClassVar[str] = "company_domain"
    subject_kind: ClassVar[Literal["domain", "linkedin"]] = "domain"

    company_domain: Domain = required("company_domain", "domain", "company_website")
    news: Articles = alias("news", "articles", default=[])

    def articles(self) -> list[Article]:
        return self.news or [self]


def extract(p: Payload) -> list[extracted.SignalNewsFundraising]:
    return [
        extracted.SignalNewsFundraising(
            company_domain=p.company_domain,
            headline=article.headline,
            url=article.url,
            published_at=article.published_at,
            amount=article.amount,
            amount_usd=amount_usd(article.amount),
            round=article.round,
        )
        for article in p.articles()
        if article.headline
    ]


SOURCE = Source("signal_news_fundraising", Payload, extract, tables=(extracted.SignalNewsFundraising,))
