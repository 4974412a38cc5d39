"""`hq-gateway demo-data`: a deterministic, realistic warehouse in `core`, plus claygent rows in `extracted`.

The vocabulary (titles, locations, industries, ranges, VC firms) is read from the `reference` tables,
so the demo always maps through the lookups that are loaded. Companies and everything hanging off
them are small and are built here with `random.Random(seed)`; people, their work history and
promotions are millions of rows and are generated inside PostgreSQL (`ingest.demo_sql`).

Everything runs in one transaction, so a failed load leaves nothing behind. The bulk tables' plain
indexes and foreign keys are dropped for the load and re-created from their own definitions before
the commit (much faster than maintaining GIN trigram indexes row by row); meanwhile readers of those
tables wait. Same seed, same day, same reference data: same rows (PostgreSQL 15 and 18 alike).
"""

import random
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

import asyncpg
from tqdm import tqdm

from ingest import demo_sql

Record = tuple[Any, ...]


class DemoDataError(RuntimeError):
    """The demo data cannot be loaded (the warehouse is not empty, or reference data is missing)."""


# --- vocabulary ----------------------------------------------------------------------------------

# Share of each country in the demo, by lowercase name (aliases included); the rest share 8 %.
COUNTRY_WEIGHTS = {
    "united states": 45.0, "united kingdom": 9.0, "germany": 6.0, "france": 5.0, "canada": 5.0,
    "india": 5.0, "australia": 3.0, "netherlands": 3.0, "spain": 2.0, "sweden": 1.5, "brazil": 1.5,
    "singapore": 1.5, "israel": 1.5, "ireland": 1.0, "switzerland": 1.0,
}  # fmt: skip
COUNTRY_ALIASES = {
    "usa": "united states", "us": "united states", "united states of america": "united states",
    "uk": "united kingdom", "great britain": "united kingdom", "england": "united kingdom",
}  # fmt: skip
OTHER_COUNTRIES_WEIGHT = 8.0
MISCELLANEOUS = "Miscellaneous"
MISCELLANEOUS_SHARE = 0.015  # "Miscellaneous" titles: incomplete leads, as in real data
# Share of people per seniority (few interns and C-levels); seniorities not named here get 2 each.
SENIORITY_SHARES = {
    "Intern": 2.0, "Entry": 13.0, "Mid-Level": 22.0, "Senior": 17.0, "Manager": 14.0, "Head": 5.0,
    "Director": 11.0, "VP": 6.0, "C-Level": 4.0, "Founder": 3.0, "Owner": 1.5, "Partner": 1.5,
}  # fmt: skip
PROMOTED_SHARE = 0.15


class Title(NamedTuple):
    raw_value: str
    cleaned: str
    function: str
    seniority: str
    rank: int


class Location(NamedTuple):
    raw_value: str
    city: str | None
    state: str | None
    country: str


@dataclass(frozen=True)
class Vocabulary:
    titles: list[Title]
    locations: list[Location]
    industries: list[str]
    employee_ranges: list[str]  # smallest first
    vc_firms: list[str]
    business_models: list[str]


async def _read_vocabulary(conn: asyncpg.Connection) -> Vocabulary:
    titles = await conn.fetch("""
        SELECT t.raw_value, t.matched_cleaned_job_title, t.matched_job_function, t.matched_seniority, s.rank
        FROM reference.job_title_lookup t
        JOIN reference.job_functions f ON f.name = t.matched_job_function
        JOIN reference.seniorities s ON s.name = t.matched_seniority
        ORDER BY t.raw_key""")
    locations = await conn.fetch("""
        SELECT raw_value, matched_city, matched_state, matched_country FROM reference.location_lookup
        WHERE matched_country IS NOT NULL ORDER BY raw_key""")

    async def names(sql: str) -> list[str]:
        return [r[0] for r in await conn.fetch(sql)]

    vocab = Vocabulary(
        titles=[Title(*r) for r in titles],
        locations=[Location(*r) for r in locations],
        industries=await names("SELECT name FROM reference.industries ORDER BY sort_order, name"),
        employee_ranges=await names("SELECT name FROM reference.employee_ranges ORDER BY min_employees, sort_order"),
        vc_firms=await names("SELECT name FROM reference.vc_firms ORDER BY sort_order, name"),
        business_models=await names("SELECT name FROM reference.business_models ORDER BY sort_order"),
    )
    missing = [name for name, rows in vars(vocab).items() if not rows]
    if missing:
        raise DemoDataError(
            f"reference data is missing ({', '.join(missing)}): the demo maps through the reference "
            "lookups, load models/reference_data/*.csv with `hq-gateway migrate` first"
        )
    return vocab


def _slots(weights: Sequence[float], n: int = demo_sql.SLOTS) -> list[int]:
    """`n` indexes into `weights`, each repeated in proportion to its weight (largest remainder)."""
    total = sum(weights)
    exact = [w * n / total for w in weights]
    counts = [int(e) for e in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return [i for i, c in enumerate(counts) for _ in range(c)]


def _country_key(country: str) -> str:
    key = country.lower()
    return COUNTRY_ALIASES.get(key, key)


def _location_weights(locations: Sequence[Location]) -> list[float]:
    """Skewed countries (~45 % United States); within a country, city rows 4x as likely as vaguer ones."""
    detail = [4.0 if loc.city else 1.0 for loc in locations]
    per_country: dict[str, float] = {}
    for loc, weight in zip(locations, detail, strict=True):
        key = _country_key(loc.country)
        per_country[key] = per_country.get(key, 0.0) + weight
    others = sum(1 for c in per_country if c not in COUNTRY_WEIGHTS)
    share = {c: COUNTRY_WEIGHTS.get(c, OTHER_COUNTRIES_WEIGHT / max(others, 1)) for c in per_country}
    return [
        share[key] * weight / per_country[key]
        for loc, weight in zip(locations, detail, strict=True)
        for key in [_country_key(loc.country)]
    ]


class TitleTables(NamedTuple):
    titles: list[Record]  # demo_title
    slots: list[Record]  # demo_title_slot
    promotable: float  # share of picks with a title one seniority below in the same function


def _title_tables(titles: Sequence[Title]) -> TitleTables:
    """Titles per function, junior first, each with the range of titles one seniority below it."""
    rows: list[Record] = []
    for fn, function in enumerate(sorted({t.function for t in titles})):
        ladder = sorted((t for t in titles if t.function == function), key=lambda t: (t.rank, t.raw_value))
        starts: dict[int, int] = {}  # rank -> first position, ranks ascending
        for pos, t in enumerate(ladder):
            starts.setdefault(t.rank, pos)
        ranks = list(starts)
        for pos, t in enumerate(ladder):
            level = ranks.index(t.rank)
            below = starts[ranks[level - 1]] if level else 0
            rows.append((fn, pos, t.raw_value, t.cleaned, t.function, t.seniority, below, starts[t.rank] - below))
    picks = _slots(_title_weights(rows))
    slots = [(k, *rows[i][:2], *rows[i][6:]) for k, i in enumerate(picks)]
    promotable = sum(1 for i in picks if rows[i][7] > 0) / len(picks)
    return TitleTables(rows, slots, promotable)


def _title_weights(rows: list[Record]) -> list[float]:
    """Seniorities in SENIORITY_SHARES proportions, "Miscellaneous" titles MISCELLANEOUS_SHARE."""
    misc = sum(1 for r in rows if r[4] == MISCELLANEOUS)
    titles_per_seniority = Counter(r[5] for r in rows if r[4] != MISCELLANEOUS)
    total = sum(SENIORITY_SHARES.get(s, 2.0) for s in titles_per_seniority)
    regular_share = 1 - MISCELLANEOUS_SHARE if misc else 1.0
    return [
        MISCELLANEOUS_SHARE / misc
        if r[4] == MISCELLANEOUS
        else regular_share * SENIORITY_SHARES.get(r[5], 2.0) / total / titles_per_seniority[r[5]]
        for r in rows
    ]


# --- words ---------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in text.split("|")]


FIRST_NAMES = _words("""
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra
Mark Ashley Donald Emily Steven Michelle Andrew Amanda Paul Melissa Joshua Deborah Kenneth Stephanie
Kevin Rebecca Brian Laura Timothy Sharon Ronald Cynthia Jason Kathleen George Amy Edward Angela Jacob
Anna Ryan Nicole Gary Emma Nicholas Olivia Eric Sophia Jonathan Hannah Stephen Chloe Larry Grace Justin
Julia Scott Claire Brandon Lucy Benjamin Charlotte Samuel Amelia Alexander Isabella Oliver Mia Harry
Ella Jack Freya Noah Ava Liam Zoe Lukas Lena Felix Marie Maximilian Leonie Jonas Hanna Leon Clara
Louis Camille Hugo Manon Lucas Chloé Arthur Léa Jules Inès Raphaël Sofía Mateo Lucía Diego Valentina
Javier Carmen Alejandro Elena Pablo Marta João Ana Pedro Beatriz Rahul Priya Arjun Ananya Vikram
Aditi Rohan Kavya Amit Neha Sanjay Deepika Wei Mei Jun Yan Hiroshi Yuki Kenji Sakura Min-jun Ji-woo
Ahmed Fatima Omar Layla Yusuf Amira Ali Noor Ivan Olga Dmitri Anastasia Søren Ingrid Lars Astrid
Erik Sigrid Mateus Gabriela Tiago Camila Kwame Amara Chinedu Zainab Daniela Francesca Marco Giulia
Luca Chiara Niamh Sean Aoife Ciaran Tariq Aisha Noa Yael Eitan Tamar
""")

LAST_NAMES = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Turner Phillips Evans Parker Collins
Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward
Cox Richardson Wood Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster
Patel Shah Sharma Singh Kumar Gupta Reddy Iyer Nair Mehta Chen Wang Zhang Liu Li Yang Huang Zhao Wu
Tanaka Suzuki Sato Takahashi Watanabe Kim Park Choi Jung Kang Müller Schmidt Schneider Fischer Weber
Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder Neumann Dubois Durand Lefebvre
Moreau Laurent Simon Michel Leroy Roux Fournier Girard Bonnet Rossi Russo Ferrari Esposito Bianchi
Romano Colombo Ricci Fernández González Rodríguez Sánchez Pérez Gómez Martín Jiménez Ruiz Díaz
Álvarez Moreno Muñoz Silva Santos Oliveira Souza Pereira Costa Carvalho Almeida Ferreira Andersson
Johansson Karlsson Nilsson Eriksson Larsson Olsen Hansen Jensen Nielsen O'Brien O'Connor Murray
Byrne Walsh Cohen Levi Mizrahi Friedman Novak Kowalski Nowak Ivanov Petrov Okafor Mensah Adeyemi
Haddad Khan Hussain Ahmed Rahman Vandenberg DeVries Janssen Bakker Visser
""")

# Company names are "<Prefix> <Core>", "<Prefix><Ending>" or "<Prefix> <Middle> <Core>".
PREFIXES = _words("""
Acme Apex Arbor Atlas Aurora Beacon Birch Blue Bolt Brava Bright Brook Cadence Canopy Cascade Cedar
Clear Cobalt Comet Copper Coral Crest Crimson Crystal Delta Dune Echo Ember Emerald Everest Falcon
Fern Fjord Flint Forge Fox Frontier Garnet Glacier Golden Granite Green Harbor Hawk Helix Horizon
Indigo Iris Iron Ivory Jade Juniper Keystone Kinetic Lark Lattice Laurel Legacy Lumen Luna Lynx Maple
Marble Meridian Mesa Metro Nimbus Noble North Nova Oak Onyx Orbit Orchid Pacific Palm Peak Pine Pioneer
Pixel Polar Prairie Prism Pulse Quantum Quarry Quartz Radiant Raven Red Redwood Ridge River Rocket
Sable Sage Salt Sapphire Scarlet Sequoia Sierra Signal Silver Solar Sparrow Spruce Starling Sterling
Stone Summit Swift Tandem Teal Terra Thistle Tidal True Tundra Union Vale Vantage Vector Velvet
Verdant Vertex Violet Vista Willow Wolf Zenith Zephyr Alder Amber Anchor Aspen Bay Bison Cardinal
Citadel Clover Condor Cypress Drift Elm Flare Garden Grove Haven Heron Highland Hudson Ivy Kestrel
Lighthouse Lotus Magnet Mariner Meadow Mosaic Nexus Oasis Osprey Otter Pebble Pelican Quill Rain
Reef Rowan Saffron Shore Spring Stellar Thunder Topaz Trail Tulip Vivid Wave Wren Yarrow Baker's
Miller's Founders' Parker's Fisher's
""")
CORES = _words("""
Analytics Robotics Labs Systems Software Health Logistics Capital Foods Energy Media Networks Security
Cloud Data AI Bio Therapeutics Dynamics Solutions Technologies Works Partners Studio Ventures Digital
Mobility Payments Finance Insurance Realty Homes Learning Education Apparel Brands Markets Commerce
Supply Freight Aerospace Automation Devices Genomics Diagnostics Pharma Medical Care Wellness Fitness
Travel Hospitality Kitchen Coffee Brewing Farms Agritech Materials Manufacturing Industries Motors
Marine Solar Power Water Telecom Wireless Semiconductors Hardware Computing Intelligence Insights
Research Consulting Advisors Legal Recruiting Talent People Staffing Events Games Entertainment
Music Sports Outdoors Pets Beauty Cosmetics Home Design Architecture Construction Engineering
Infrastructure Ops Platforms Apps Interactive Creative Marketing Growth Sales Retail Goods
""")
MIDDLES = _words("""
River Peak Harbor Stone Field Bridge Wave Pine Oak Star Lake Hill Rock Wind Sky Leaf Path Gate Point
Forest Valley Cloud Spark Light Ridge Crest Brook Bay Port Line Works Mill Shore Land Rain Snow Sun
""")
ENDINGS = _words("ly ify io hub base flow stack wise loop ware scape works mint nest grid lab shift spot")
QUALIFIERS = _words("Global International Holdings Group Europe Americas Asia Pacific Worldwide Partners")
TLDS = {"com": 55, "io": 14, "co": 8, "ai": 7, "net": 5, "tech": 3, "app": 3, "dev": 2, "org": 3}
COUNTRY_TLDS = {
    "united kingdom": "co.uk", "germany": "de", "france": "fr", "canada": "ca", "india": "in",
    "australia": "com.au", "netherlands": "nl", "spain": "es", "sweden": "se", "brazil": "com.br",
    "singapore": "sg", "israel": "co.il", "ireland": "ie", "switzerland": "ch",
}  # fmt: skip
DOES = _phrases("builds|makes|runs|designs|operates|develops|delivers|sells")
WHAT = _phrases("software|a platform|tools|infrastructure|services|hardware|marketplaces|analytics|products")
FOR_WHOM = _phrases("""
mid-market finance teams|hospitals and clinics|independent retailers|logistics operators|
enterprise security teams|small businesses|developers|sales teams|manufacturers|
schools and universities|restaurants|real estate agents|insurers|recruiters|e-commerce brands|
field service teams""")
TAGLINES = _phrases("""
Built for what's next|Work smarter|The operating system for your business|Move faster together|
Data you can trust|Simple, secure, scalable|Growth, delivered|Made for teams|From idea to impact|
Less busywork, more results|Powering modern commerce|The future of work is here""")
# Names claygent reports for customers that are no company in the warehouse.
UNKNOWN_CUSTOMERS = _phrases("""
Globex Corporation|Initech|Umbrella Health|Hooli|Vandelay Industries|Soylent Foods|Wonka Industries|
Stark Manufacturing|Wayne Logistics|Cyberdyne Systems|Tyrell Corp|Gringotts Bank|Pied Piper|
Dunder Mifflin|Monsters, Inc.|Oceanic Airlines|Massive Dynamic|Prestige Worldwide|Aperture Science|
Bluth Company""")


# --- companies and what hangs off them (built in Python: small, and easiest to read here) --------


class Company(NamedTuple):
    id: int
    domain: str
    name: str
    location: int  # index into Vocabulary.locations: where its people tend to live
    located: bool  # False: city, state and country unknown (an incomplete company)
    industry: str | None
    description: str


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _slug(text: str) -> str:
    """`"Blue River Analytics"` -> `"blue-river-analytics"`, `"O'Brien"` -> `"obrien"`."""
    words = "".join(ch if ch.isalnum() else " " for ch in _ascii(text).lower().replace("'", ""))
    return "-".join(words.split())


def _company_name(rng: random.Random) -> tuple[str, list[str]]:
    """A display name and the words its domain is made of."""
    prefix = rng.choice(PREFIXES)
    form = rng.random()
    if form < 0.45:
        core = rng.choice(CORES)
        return f"{prefix} {core}", [prefix, core]
    if form < 0.60:
        name = _slug(prefix).capitalize() + rng.choice(ENDINGS)
        return name, [name]
    middle, core = rng.choice(MIDDLES), rng.choice(CORES)
    return f"{prefix} {middle} {core}", [prefix, middle, core]


def _domain(rng: random.Random, words: list[str], country: str, seen: set[str]) -> str:
    labels = [_slug(w).replace("-", "") for w in words]
    local_tld = COUNTRY_TLDS.get(country.lower())
    tld = local_tld if local_tld and rng.random() < 0.4 else rng.choices(list(TLDS), list(TLDS.values()))[0]
    style = rng.random()
    if style < 0.1 and tld == "com" and len(labels) < 3:
        label = "get" + "".join(labels)
    else:
        label = "-".join(labels) if style < 0.3 else "".join(labels)
    domain, n = f"{label}.{tld}", 1
    while domain in seen:
        n += 1
        domain = f"{label}{n}.{tld}"
    seen.add(domain)
    return domain


def _make_companies(rng: random.Random, vocab: Vocabulary, count: int) -> list[Company]:
    """Unique names and domains; country-skewed; 1.5 % without industry, 1 % without location."""
    location_slots = _slots(_location_weights(vocab.locations))
    industry_slots = _slots([1 / (k + 1) ** 0.5 for k in range(len(vocab.industries))])
    names: set[str] = set()
    domains: set[str] = set()
    companies = []
    for c in range(1, count + 1):
        location = rng.choice(location_slots)
        for _ in range(25):
            name, words = _company_name(rng)
            if name not in names:
                break
        base, n = name, 0
        while name in names:  # the name space is exhausted: "Acme Robotics Europe", ...
            rounds, q = divmod(n, len(QUALIFIERS))
            qualifier = QUALIFIERS[q] + (f" {rounds + 1}" if rounds else "")
            name, n = f"{base} {qualifier}", n + 1
        names.add(name)
        words = [*words, *name[len(base) :].split()]
        industry = vocab.industries[rng.choice(industry_slots)] if rng.random() >= 0.015 else None
        description = f"{name} {rng.choice(DOES)} {rng.choice(WHAT)} for {rng.choice(FOR_WHOM)}."
        country = vocab.locations[location].country
        domain = _domain(rng, words, country, domains)
        companies.append(Company(c, domain, name, location, rng.random() >= 0.01, industry, description))
    return companies


def _company_records(rng: random.Random, vocab: Vocabulary, companies: list[Company], today: date) -> list[Record]:
    """Rows for `core.companies`; lower ids are bigger companies (they also get more people)."""
    models = vocab.business_models
    model_weights = [70, 15, 15, *[5] * len(models)][: len(models)]
    ranges = vocab.employee_ranges
    records = []
    for co in companies:
        q = (co.id - 1) / len(companies)
        size = ranges[min(len(ranges) - 1, int(len(ranges) * rng.random() * (1 - q) ** 2))]
        loc = vocab.locations[co.location] if co.located else Location("", None, None, "")
        records.append((
            co.id, co.domain, co.name, f"https://www.linkedin.com/company/{_slug(co.name)}",
            loc.city, loc.state, loc.country or None, co.industry,
            size if rng.random() >= 0.01 else None, co.description, rng.choice(TAGLINES),
            rng.choices(models, model_weights)[0], today.year - 1 - int(60 * rng.random() ** 2), "demo",
        ))  # fmt: skip
    return records


COMPANY_COLUMNS = [
    "id", "domain", "name", "linkedin_url", "city", "state", "country", "industry", "employee_range",
    "description", "tagline", "business_model", "founded_year", "origin",
]  # fmt: skip


def _customer_records(rng: random.Random, companies: list[Company]) -> list[Record]:
    """~30 % of companies name 2-15 other demo companies as customers (big ones more often)."""
    records = []
    for co in companies:
        if rng.random() >= 0.30:
            continue
        wanted = rng.randint(2, 15)
        picked: dict[int, None] = {}  # ordered set
        for _ in range(wanted * 3):
            index = int(len(companies) * rng.random() ** 1.6)
            if index != co.id - 1:
                picked[index] = None
            if len(picked) == wanted:
                break
        for index in picked:
            customer = companies[index]
            case_study = rng.random() < 0.35
            url = f"https://{co.domain}/customers/{_slug(customer.name)}" if case_study else None
            records.append((co.domain, co.name, customer.name, customer.domain, url, case_study, "demo"))
    return records


CUSTOMER_COLUMNS = [
    "origin_company_domain", "origin_company_name", "customer_name", "customer_domain",
    "case_study_url", "has_case_study", "source",
]  # fmt: skip


def _vc_records(rng: random.Random, companies: list[Company], vc_firms: list[str]) -> list[Record]:
    """~5 % of companies are backed by 1-3 VC firms."""
    return [
        (co.domain, vc, co.description, "demo")
        for co in companies
        if rng.random() < 0.05
        for vc in rng.sample(vc_firms, min(rng.randint(1, 3), len(vc_firms)))
    ]


def _similar_records(rng: random.Random, companies: list[Company]) -> list[Record]:
    """~20 % of companies have 3-10 similar companies, mostly in their industry, best score first."""
    by_industry: dict[str | None, list[Company]] = {}
    for co in companies:
        by_industry.setdefault(co.industry, []).append(co)
    records = []
    for co in companies:
        if rng.random() >= 0.20:
            continue
        peers = by_industry[co.industry] if len(by_industry[co.industry]) > 10 else companies
        similar: dict[str, Company] = {}
        for _ in range(rng.randint(3, 10)):
            other = rng.choice(peers if rng.random() < 0.8 else companies)
            if other.id != co.id:
                similar[other.domain] = other
        for rank, other in enumerate(similar.values()):
            score = round(0.97 - 0.05 * rank - 0.04 * rng.random(), 3)
            records.append((co.domain, other.domain, other.name, score, "demo"))
    return records


def _sample_companies(rng: random.Random, companies: list[Company], share: float) -> list[Company]:
    """A few: `share` of the companies, at least 50, at most 1500."""
    wanted = min(len(companies), max(50, min(1500, int(len(companies) * share))))
    return sorted(rng.sample(companies, wanted), key=lambda co: co.id)


def _job_posting_records(rng: random.Random, vocab: Vocabulary, companies: list[Company], today: date) -> list[Record]:
    records = []
    for co in _sample_companies(rng, companies, 0.01):
        city = vocab.locations[co.location].city if co.located else None
        for n in range(1, rng.randint(1, 4) + 1):
            job_id = f"demo-{co.id}-{n}"
            title = rng.choice(vocab.titles).cleaned
            location = city if city and rng.random() < 0.7 else "Remote"
            posted = today - timedelta(days=rng.randrange(60))
            records.append((co.domain, job_id, title, location, f"https://{co.domain}/careers/{job_id}", posted))
    return records


ROUNDS = {  # round -> amounts in $M
    "Seed": [1, 2, 3, 4], "Series A": [6, 8, 10, 12, 15], "Series B": [18, 25, 30, 40],
    "Series C": [45, 60, 75, 100], "Series D": [120, 150, 200],
}  # fmt: skip
NEWS = [
    "{name} raises {amount} {round}",
    "{name} launches a new platform for {whom}",
    "{name} opens a new office in {city}",
    "{name} appoints a new Chief Revenue Officer",
    "{name} announces partnership with {partner}",
]


def _news_records(rng: random.Random, vocab: Vocabulary, companies: list[Company], today: date) -> list[Record]:
    records = []
    for co in _sample_companies(rng, companies, 0.0075):
        for template in rng.sample(NEWS, rng.randint(1, 2)):
            fundraising = template.startswith("{name} raises")
            round_ = rng.choice(list(ROUNDS)) if fundraising else None
            amount = f"${rng.choice(ROUNDS[round_])}M" if round_ else None
            city = rng.choice(vocab.locations).city or "London"
            headline = template.format(
                name=co.name, amount=amount, round=round_, whom=rng.choice(FOR_WHOM), city=city,
                partner=rng.choice(companies).name,
            )  # fmt: skip
            url = f"https://{co.domain}/news/{_slug(headline)}"
            published = today - timedelta(days=rng.randrange(365))
            records.append((co.domain, headline, url, published, amount, round_))
    return records


# --- claygent rows for the customer-name matching ----------------------------------------------


def _noisy(rng: random.Random, name: str, domain: str) -> str:
    """A customer name the way Claygent writes it."""
    kind = rng.choices(
        ["as is", "inc", "llc", "ltd", "upper", "lower", "the", "typo", "quotes", "domain", "spaces"],
        [30, 10, 6, 6, 4, 5, 5, 10, 6, 5, 3],
    )[0]
    if kind == "typo" and len(name) > 5:
        i = rng.randrange(1, len(name) - 2)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]  # two letters swapped
    if kind == "quotes":
        return name.replace("'", "\u2019") if "'" in name else f"\u201c{name}\u201d"
    return {
        "inc": f"{name}{rng.choice([' Inc.', ' Inc', ', Inc.'])}",
        "llc": f"{name}{rng.choice([' LLC', ', LLC', ' L.L.C.'])}",
        "ltd": f"{name}{rng.choice([' Ltd', ' Ltd.', ' GmbH', ' Corp.', ' SAS'])}",
        "upper": name.upper(),
        "lower": name.lower(),
        "the": f"The {name}",
        "domain": domain,
        "spaces": f" {name}  ",
    }.get(kind, name)


def _claygent_records(rng: random.Random, companies: list[Company], customers: list[Record]) -> list[Record]:
    """Claygent's view of ~40 companies' customers: the demo customers with noise, plus unknown names.

    The truth for each row is in `core.company_customers` (same origin domain): a labelled sample.
    """
    by_origin: dict[str, list[Record]] = {}
    for row in customers:
        by_origin.setdefault(row[0], []).append(row)
    by_domain = {co.domain: co for co in companies}
    records = []
    for origin in rng.sample(sorted(by_origin), min(40, len(by_origin))):
        co = by_domain[origin]
        names = [(_noisy(rng, r[2], r[3]), r[4]) for r in by_origin[origin]]
        names += [(name, None) for name in rng.sample(UNKNOWN_CUSTOMERS, rng.randint(0, 2))]
        linkedin = f"https://www.linkedin.com/company/{_slug(co.name)}"
        for name, url in dict(names).items():
            confidence = rng.choice(["high", "high", "medium", "low"])
            records.append((origin, co.name, linkedin, name, url, url is not None, confidence))
    return records


# --- loading -------------------------------------------------------------------------------------

SESSION = """
SET statement_timeout = 0;
SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SET temp_buffers = '1GB';
SET jit = off;
"""

SCRATCH = {
    "demo_title": "fn int, pos int, raw_value text, cleaned text, function text, seniority text, "
    "below int, below_n int, PRIMARY KEY (fn, pos)",
    "demo_title_slot": "k int PRIMARY KEY, fn int, pos int, below int, below_n int",
    "demo_location": "k int PRIMARY KEY, raw_value text, city text, state text, country text",
    "demo_location_slot": "k int PRIMARY KEY, location int",
    "demo_company": "c int PRIMARY KEY, location int",
    "demo_first_name": "k int PRIMARY KEY, name text, slug text",
    "demo_last_name": "k int PRIMARY KEY, name text, slug text",
}

TABLES = [
    "core.companies", "core.people", "core.person_work_history", "core.person_promotions",
    "core.company_customers", "core.company_vc_investors", "core.company_similar_companies",
    "core.company_job_postings", "core.company_news_events", "extracted.claygent_customers_v2",
]  # fmt: skip

STEPS = [
    "prepare", "companies", "people plan", "people", "current jobs", "earlier jobs", "promotions",
    "customers", "vc investors", "similar companies", "job postings and news", "claygent customers",
    "indexes", "commit", "analyze",
]  # fmt: skip


def _rows(status: str) -> int:
    """Rows touched, from a command status such as `INSERT 0 42` or `COPY 42`."""
    return int(status.rsplit(" ", 1)[-1])


async def _upload(conn: asyncpg.Connection, table: str, records: list[Record]) -> None:
    await conn.execute(f"CREATE TEMP TABLE {table} ({SCRATCH[table]}) ON COMMIT DROP")
    await conn.copy_records_to_table(table, records=records)
    await conn.execute(f"ANALYZE {table}")


async def _copy(conn: asyncpg.Connection, table: str, columns: list[str], records: list[Record]) -> int:
    schema, name = table.split(".")
    return _rows(await conn.copy_records_to_table(name, schema_name=schema, columns=columns, records=records))


async def _count_existing(conn: asyncpg.Connection) -> tuple[int, int]:
    """Rows in core.people + core.companies, and how many of them are demo rows."""
    row = await conn.fetchrow("""
        SELECT (SELECT count(*) FROM core.people) + (SELECT count(*) FROM core.companies) AS total,
               (SELECT count(*) FROM core.people WHERE origin = 'demo')
             + (SELECT count(*) FROM core.companies WHERE origin = 'demo') AS demo""")
    assert row is not None
    return int(row["total"]), int(row["demo"])


async def database_is_empty(url: str) -> bool:
    """True when core.people and core.companies hold no rows (demo data may be loaded)."""
    conn = await asyncpg.connect(url)
    try:
        total, _ = await _count_existing(conn)
        return total == 0
    finally:
        await conn.close()


async def _claim_empty_warehouse(conn: asyncpg.Connection) -> None:
    # Demo rows use ids from 1 and their own domains: loading next to other rows would collide.
    await conn.execute("LOCK TABLE core.companies, core.people IN SHARE ROW EXCLUSIVE MODE")
    total, demo = await _count_existing(conn)
    if demo:
        raise DemoDataError(f"the warehouse already holds demo data ({demo} demo people and companies)")
    if total:
        raise DemoDataError(
            f"the warehouse is not empty ({total} people and companies): demo data is only loaded "
            "into an empty core schema"
        )


# Tables the demo fills in bulk: their plain indexes (GIN trigram ones are costly to maintain row by
# row) and foreign keys are dropped for the load and re-created from their own definitions after it.
BULK_TABLES = [
    "core.companies", "core.people", "core.person_work_history", "core.person_promotions",
    "core.company_customers", "core.company_similar_companies",
]  # fmt: skip


async def _defer_indexes(conn: asyncpg.Connection) -> list[str]:
    """Drop the bulk tables' indexes that back no constraint, and their foreign keys.

    Returns the statements that re-create them. Inside the load's transaction: a failed load gets them
    back with the rollback, and readers of these tables wait for the commit instead of seeing half.
    """
    found = await conn.fetch(
        """
        SELECT pg_get_indexdef(i.indexrelid) AS create_sql, format('DROP INDEX %s', i.indexrelid::regclass) AS drop_sql
        FROM pg_index i
        WHERE i.indrelid = ANY ($1::text[]::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        UNION ALL
        SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)),
               format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname)
        FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY ($1::text[]::regclass[])""",
        BULK_TABLES,
    )
    for row in found:
        await conn.execute(row["drop_sql"])
    return [row["create_sql"] for row in found]


async def _upload_vocabulary(conn: asyncpg.Connection, vocab: Vocabulary, companies: list[Company]) -> float:
    """Fill the scratch tables `ingest.demo_sql` reads; returns the share of promotable titles."""
    titles = _title_tables(vocab.titles)
    await _upload(conn, "demo_title", titles.titles)
    await _upload(conn, "demo_title_slot", titles.slots)
    await _upload(conn, "demo_location", [(k, *loc) for k, loc in enumerate(vocab.locations)])
    location_slots = _slots(_location_weights(vocab.locations))
    await _upload(conn, "demo_location_slot", list(enumerate(location_slots)))
    await _upload(conn, "demo_company", [(co.id, co.location) for co in companies])
    await _upload(conn, "demo_first_name", [(k, n, _slug(n)) for k, n in enumerate(FIRST_NAMES)])
    await _upload(conn, "demo_last_name", [(k, n, _slug(n)) for k, n in enumerate(LAST_NAMES)])
    return titles.promotable


@contextmanager
def _step(bar: Any, timings: dict[str, float] | None, label: str) -> Iterator[None]:
    bar.set_description(label)
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[label] = time.perf_counter() - started
    bar.update()


async def load_demo_data(
    url: str,
    *,
    people: int,
    companies: int,
    seed: int,
    progress: bool = True,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Load a deterministic demo warehouse into an empty `core`; returns the rows added per table.

    Raises DemoDataError when core.people or core.companies already hold rows. `timings`, when
    given, receives the seconds each step took.
    """
    if people < 1 or companies < 2:
        raise ValueError("demo data needs at least 1 person and 2 companies")
    if not 0 <= seed < 2**31:
        raise ValueError("the seed must be between 0 and 2**31 - 1")
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(SESSION)
        with tqdm(total=len(STEPS), unit="step", disable=not progress) as bar:
            transaction = conn.transaction()
            await transaction.start()
            try:
                counts = await _generate(conn, bar, timings, people=people, companies=companies, seed=seed)
            except BaseException:
                await transaction.rollback()
                raise
            with _step(bar, timings, "commit"):
                await transaction.commit()
            with _step(bar, timings, "analyze"):
                await conn.execute(f"ANALYZE {', '.join(TABLES)}")
            bar.set_description("demo data loaded")
        return counts
    finally:
        await conn.close()


async def _generate(
    conn: asyncpg.Connection, bar: Any, timings: dict[str, float] | None, *, people: int, companies: int, seed: int
) -> dict[str, int]:
    counts = dict.fromkeys(TABLES, 0)

    def rng(part: str) -> random.Random:  # one stream per table: changing one leaves the others
        return random.Random(f"{seed}:{part}")

    async def copy(table: str, columns: list[str], records: list[Record]) -> None:
        counts[table] += await _copy(conn, table, columns, records)

    with _step(bar, timings, "prepare"):
        await _claim_empty_warehouse(conn)
        vocab = await _read_vocabulary(conn)
        today: date = await conn.fetchval("SELECT current_date")
        recreate = await _defer_indexes(conn)
    with _step(bar, timings, "companies"):
        firms = _make_companies(rng("companies"), vocab, companies)
        await copy("core.companies", COMPANY_COLUMNS, _company_records(rng("firmographics"), vocab, firms, today))
        promotable = await _upload_vocabulary(conn, vocab, firms)
    numbers: dict[str, float] = {"seed": seed, "people": people, "companies": companies}
    numbers["promotion"] = min(1.0, PROMOTED_SHARE / promotable) if promotable else 0.0
    for label, table, sql in [
        ("people plan", None, demo_sql.PLAN),
        ("people", "core.people", demo_sql.PEOPLE),
        ("current jobs", "core.person_work_history", demo_sql.CURRENT_JOBS),
        ("earlier jobs", "core.person_work_history", demo_sql.EARLIER_JOBS),
        ("promotions", "core.person_promotions", demo_sql.PROMOTIONS),
    ]:
        with _step(bar, timings, label):
            status = await conn.execute(demo_sql.render(sql, **numbers))
            if table:
                counts[table] += _rows(status)
    with _step(bar, timings, "customers"):
        customers = _customer_records(rng("customers"), firms)
        await copy("core.company_customers", CUSTOMER_COLUMNS, customers)
    with _step(bar, timings, "vc investors"):
        columns = ["company_domain", "vc_name", "company_description", "origin"]
        await copy("core.company_vc_investors", columns, _vc_records(rng("vc"), firms, vocab.vc_firms))
    with _step(bar, timings, "similar companies"):
        columns = ["company_domain", "similar_domain", "similar_name", "similarity_score", "origin"]
        await copy("core.company_similar_companies", columns, _similar_records(rng("similar"), firms))
    with _step(bar, timings, "job postings and news"):
        columns = ["company_domain", "job_id", "title", "location", "url", "posted_at"]
        await copy("core.company_job_postings", columns, _job_posting_records(rng("jobs"), vocab, firms, today))
        columns = ["company_domain", "headline", "url", "published_at", "amount", "round"]
        await copy("core.company_news_events", columns, _news_records(rng("news"), vocab, firms, today))
    with _step(bar, timings, "claygent customers"):
        records = _claygent_records(rng("claygent"), firms, customers)
        counts["extracted.claygent_customers_v2"] = await _insert_claygent(conn, records)
    with _step(bar, timings, "indexes"):
        for statement in recreate:
            await conn.execute(statement)
    await conn.execute(RESET_IDENTITIES)
    return counts


async def _insert_claygent(conn: asyncpg.Connection, records: list[Record]) -> int:
    if not records:
        return 0
    return _rows(await conn.execute(CLAYGENT_INSERT, *map(list, zip(*records, strict=True))))


# Real claygent rows may already name the same customer: those are kept as they are.
CLAYGENT_INSERT = """
INSERT INTO extracted.claygent_customers_v2 (
    origin_company_domain, origin_company_name, origin_company_linkedin_url, customer_name,
    case_study_url, has_case_study, confidence)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[])
ON CONFLICT (origin_company_domain, customer_name) DO NOTHING
"""

# The demo wrote ids itself: later inserts continue after them.
RESET_IDENTITIES = """
SELECT setval(pg_get_serial_sequence('core.companies', 'id'), (SELECT max(id) FROM core.companies)),
       setval(pg_get_serial_sequence('core.people', 'id'), (SELECT max(id) FROM core.people))
"""
