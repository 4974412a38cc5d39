"""LinkedIn job listings from a Bright Data dataset (LEGACY-PAYLOADS 7): ``{records: [{job_posting_id,
job_title, job_summary, job_seniority_level, job_function, job_employment_type, job_base_pay_range,
company_name, company_id, company_url, job_location, country_code, job_posted_date, url, apply_link,
base_salary: {currency, min_amount, max_amount, payment_period}, job_poster: {name, title, url}, ...}],
metadata}``.

The company is known by its LinkedIn URL (``company_url``) only; the core build finds its domain.
"""

from typing import Annotated, Any

from pydantic import BeforeValidator

from ingest.normalize import parse_float
from ingest.sources.base import (
    Day,
    Flag,
    Int,
    Json,
    Lenient,
    OptLinkedinUrl,
    Source,
    Text,
    alias,
    as_object,
    required,
)
from ingest.sources.job_boards import BoardBatch, BoardRecord, board_rows
from models import extracted

Amount = Annotated[float | None, BeforeValidator(parse_float)]


class BaseSalary(Lenient):
    currency: Text = alias("currency")
    min_amount: Amount = alias("min_amount")
    max_amount: Amount = alias("max_amount")
    payment_period: Text = alias("payment_period")


class Record(BoardRecord):
    id_field = "job_posting_id"
    COLUMNS = {
        "title": "job_title",
        "description": "job_summary",
        "seniority": "job_seniority_level",
        "job_function": "job_function",
        "employment_type": "job_employment_type",
        "salary_text": "job_base_pay_range",
        "company_name": "company_name",
        "company_linkedin_id": "company_id",
        "location": "job_location",
        "country": "country_code",
        "posted_at": "job_posted_date",
        "url": "url",
        "apply_url": "apply_link",
    }
    KEY_FIELDS = ("company_url", "base_salary")

    job_id: Text = required("job_posting_id")
    job_title: Text = alias("job_title")
    job_summary: Text = alias("job_summary")
    job_seniority_level: Text = alias("job_seniority_level")
    job_function: Text = alias("job_function")
    job_employment_type: Text = alias("job_employment_type")
    job_industries: Text = alias("job_industries")
    job_base_pay_range: Text = alias("job_base_pay_range")
    job_description_formatted: Text = alias("job_description_formatted")
    salary_standards: Text = alias("salary_standards")
    company_name: Text = alias("company_name")
    company_id: Text = alias("company_id")
    company_url: OptLinkedinUrl = alias("company_url")
    company_logo: Text = alias("company_logo")
    job_location: Text = alias("job_location")
    country_code: Text = alias("country_code")
    job_posted_time: Text = alias("job_posted_time")
    job_posted_date: Day = alias("job_posted_date")
    url: Text = alias("url")
    apply_link: Text = alias("apply_link")
    title_id: Text = alias("title_id")
    base_salary: Annotated[BaseSalary | None, BeforeValidator(as_object)] = alias("base_salary")
    job_poster: Json = alias("job_poster")
    job_num_applicants: Int = alias("job_num_applicants")
    is_easy_apply: Flag = alias("is_easy_apply")
    application_availability: Flag = alias("application_availability")
    discovery_input: Json = alias("discovery_input")

    @property
    def company_linkedin_url(self) -> str | None:
        return self.company_url

    def columns(self) -> dict[str, Any]:
        pay = self.base_salary or BaseSalary()
        return {
            **super().columns(),
            "salary_min": pay.min_amount,
            "salary_max": pay.max_amount,
            "salary_currency": pay.currency,
            "salary_unit": pay.payment_period,
        }


class Payload(BoardBatch):
    records: list[Record] = required("records")


def extract(p: Payload) -> list[extracted.JobPosting]:
    return board_rows(SOURCE.name, p)


SOURCE = Source("job_board_linkedin", Payload, extract, tables=(extracted.JobPosting,))
