"""Demo registered addresses (ingest/demo/parsed_variants.py): pure, located companies only."""

import random

from ingest.demo.companies import Company
from ingest.demo.parsed_variants import company_address_records
from ingest.demo.vocabulary import Location, Vocabulary

LOCATIONS = [Location("Austin, TX", "Austin", "Texas", "United States"), Location("DE", None, None, "Germany")]
VOCAB = Vocabulary([], LOCATIONS, [], [], [], [])


def _company(id_: int, location: int, located: bool = True) -> Company:
    return Company(id_, f"c{id_}.example", f"C{id_}", location, located, None, "")


def test_addresses_are_in_the_companys_location_and_only_for_located_companies() -> None:
    companies = [_company(i, i % 2, located=i % 3 != 0) for i in range(1, 200)]
    records = company_address_records(random.Random(7), VOCAB, companies)
    by_id = {c.id: c for c in companies}
    assert 50 < len(records) < 100
    for company_id, address in records:
        company = by_id[company_id]
        assert company.located
        expected = ", Austin, Texas, United States" if company.location == 0 else ", Germany"
        assert address.endswith(expected), address
    assert records == company_address_records(random.Random(7), VOCAB, companies)
