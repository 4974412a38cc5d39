"""Demo registered addresses for `core.companies.address` (issue 12, LEGACY-PAYLOADS 9): not wired yet.

Pure: (company id, address) records for about half of the located demo companies, in the located
company's city, state and country, to be written with an UPDATE of `core.companies` by id.
"""

import random

from ingest.demo.companies import Company
from ingest.demo.vocabulary import Record, Vocabulary

STREETS = ("Main St", "Market St", "Harbour Rd", "Station Rd", "Park Ave", "Mill Lane", "Church St", "High St")
ADDRESS_COLUMNS = ["id", "address"]


def company_address_records(rng: random.Random, vocab: Vocabulary, companies: list[Company]) -> list[Record]:
    """A registered address ("12 Main St, Austin, Texas, United States") for half of the located companies."""
    records = []
    for co in companies:
        if not co.located or rng.random() >= 0.5:
            continue
        loc = vocab.locations[co.location]
        street = f"{rng.randint(1, 250)} {rng.choice(STREETS)}"
        records.append((co.id, ", ".join(part for part in (street, loc.city, loc.state, loc.country) if part)))
    return records
