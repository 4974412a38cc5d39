"""Raw titles, locations, industries and company sizes -> the reference vocabulary.

The reference lookups (`raw_key = lower(trim(raw_value))`) always win; these ordered fallback rules
only cover values missing from them, so common titles map even when nobody listed them. Pure
functions: the core build applies them to the distinct values of a run and joins the result in SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# --- job titles ----------------------------------------------------------------------------------


def lookup_key(value: str) -> str:
    """The key every reference lookup is matched on: `lower(trim(value))` (SQL computes the same)."""
    return value.strip().lower()


@dataclass(frozen=True, slots=True)
class TitleMatch:
    cleaned_title: str
    job_function: str
    seniority: str


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Ordered: the first matching rule decides. "Vice President" must be seen before "President", and a
# founder or intern stays one whatever else the title says; "Senior Manager" is Senior, like the lookup.
SENIORITY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Intern", _rx(r"\b(intern|internship|werkstudent|working student|student|summer associate)\b")),
    ("Founder", _rx(r"\b(co-?\s?founder|founder|founding partner)\b")),
    ("Director", _rx(r"\b(chief of staff|board of directors|board member|associate director)\b")),
    ("VP", _rx(r"\b(s?vp|evp|avp|vice[\s-]+president|v\.p\.|provost)\b")),
    ("Owner", _rx(r"\b(owner|proprietor|self[\s-]employed)\b")),
    (
        "C-Level",
        _rx(
            r"\b(chief|c[a-z]{1,2}o|ciso|chro|president|chair(man|woman|person)?"
            r"|managing director|vice[\s-]chancellor|chancellor)\b"
        ),
    ),
    ("Partner", _rx(r"^(senior |managing |general |equity |founding )?partner\b")),
    ("Director", _rx(r"\b(director|dir\.|controller)\b")),
    ("Head", _rx(r"\bhead\b")),
    ("Manager", _rx(r"\b(team lead|team leader)\b")),
    ("Senior", _rx(r"\b(senior|sr\.?|principal|staff|lead|expert|distinguished|architect)\b")),
    # managers of accounts, products and projects manage no people
    (
        "Mid-Level",
        _rx(r"\b(account|success|product|project|program|programme|brand|relationship|case) manager\b"),
    ),
    ("Manager", _rx(r"\b(manager|mgr|supervisor|superintendent|foreman)\b")),
    (
        "Entry",
        _rx(
            r"\b(junior|jr\.?|entry|graduate|assistant|associate|sdr|bdr|apprentice|volunteer|coordinator"
            r"|representative|rep|clerk|receptionist|tutor|trainee)\b"
        ),
    ),
)
DEFAULT_SENIORITY = "Mid-Level"

# Titles that are the top of the company itself (not of one department): Executive Leadership.
# "Executive Leadership" is only for C-suite, founders and presidents; a CTO or a founder who is
# also CTO keeps their department, a VP or director always keeps their department.
EXECUTIVE_RE = _rx(
    r"\b(ceo|coo|chief executive|chief operating officer|(?<!vice )(?<!vice-)president|chair(man|woman|person)?"
    r"|managing director|co-?\s?founder|founder)\b"
)

# Ordered, first match wins: specific departments before broad ones ("Sales Engineer" is Sales,
# "Revenue Operations" is Operations, "Product Designer" is Design, "Network Engineer" is IT).
FUNCTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "Healthcare",
        _rx(
            r"\b(nurs\w*|physician|doctor|medical|clinical|pharmac\w*|therapist|dentist|surgeon|patient"
            r"|healthcare|health care|paramedic|caregiver|clinic|hospital)\b"
        ),
    ),
    (
        "Education",
        _rx(
            r"\b(teacher|teaching|professor|lecturer|dean|tutor|instructor|academic|school|chancellor|provost"
            r"|education)\b"
        ),
    ),
    (
        "Information Security",
        _rx(r"\b(security|infosec|cyber\w*|ciso|penetration|pen tester|soc analyst|detection)\b"),
    ),
    ("Operations", _rx(r"\b(revenue operations|revops|sales operations|sales ops|business operations)\b")),
    (
        "Sales",
        _rx(
            r"\b(sales\w*|account executive|ae|sdr|bdr|business development representative|inside sales"
            r"|cro|chief revenue officer|revenue|solutions engineer|solutions consultant)\b"
        ),
    ),
    (
        "Customer Success",
        _rx(
            r"\b(customer success|client success|customer experience|onboarding|implementation|csm|renewals?"
            r"|professional services|technical account manager|account management|client services)\b"
        ),
    ),
    ("Sales", _rx(r"\b(account manager|account director)\b")),
    (
        "Human Resources",
        _rx(
            r"\b(hr|human resources|people|talent|recruit\w*|chro|hiring|workforce|total rewards|compensation"
            r"|benefits|learning (and|&) development|l&d|payroll|diversity)\b"
        ),
    ),
    ("Design", _rx(r"\b(design\w*|ux|ui|user experience|creative|art director|illustrator|animator)\b")),
    (
        "Marketing",
        _rx(
            r"\b(marketing|marketer|growth|demand gen\w*|brand|seo|sem|content|cmo|social media|campaigns?"
            r"|copywriter|pmm)\b"
        ),
    ),
    (
        "Data Science",
        _rx(
            r"\b(data scien\w+|machine learning|ml|ai|analytics|data analyst|business intelligence|bi"
            r"|statistician|quantitative|data)\b"
        ),
    ),
    ("Product", _rx(r"\b(product|cpo)\b")),
    (
        "IT",
        _rx(
            r"\b(it|information technology|sysadmin|systems? administrator|network\w*|helpdesk|help desk|cio"
            r"|enterprise architect|systems? (manager|analyst)|enterprise applications|desktop"
            r"|database administrator)\b"
        ),
    ),
    ("Customer Support", _rx(r"\b(support|customer service|customer care|call cent(er|re))\b")),
    (
        "Engineering",
        _rx(
            r"\b(engineer\w*|developer|devops|sre|sde|software|programmer|cto|technology|technical|firmware"
            r"|qa|quality assurance|tester|architect|mobile|ios|android|frontend|backend|full[\s-]?stack"
            r"|infrastructure)\b"
        ),
    ),
    (
        "Business Development",
        _rx(
            r"\b(business development|biz ?dev|partnerships?|alliances|bd|channel|chief business officer"
            r"|corporate development)\b"
        ),
    ),
    (
        "Finance",
        _rx(
            r"\b(financ\w*|accounting|accountant|controller|cfo|treasur\w*|audit\w*|tax|fp&a|bookkeep\w*"
            r"|investor relations|investment\w*|billing|banking|loan officer|mortgage)\b"
        ),
    ),
    ("Legal", _rx(r"\b(legal|counsel|attorney|lawyer|paralegal|compliance|privacy|contracts?)\b")),
    ("Procurement", _rx(r"\b(procurement|purchasing|buyer|sourcing)\b")),
    (
        "Operations",
        _rx(
            r"\b(operations|ops|supply chain|logistics|project manager|program manager|chief of staff"
            r"|general manager|facilities|business analyst|strategy)\b"
        ),
    ),
    ("Research", _rx(r"\b(research\w*|scientist|scientific|science|r&d|lab)\b")),
    ("Consulting", _rx(r"\b(consult\w*|advisor|adviser|advisory)\b")),
    (
        "Administrative",
        _rx(
            r"\b(administrative|executive assistant|personal assistant|office manager|receptionist|secretary"
            r"|admin|administration)\b"
        ),
    ),
    ("Real Estate", _rx(r"\b(real estate|realtor|property|leasing|broker|acquisitions)\b")),
    (
        "Media & Communications",
        _rx(
            r"\b(communications?|public relations|pr|journalist|editor\w*|writer|reporter|media|producer"
            r"|photographer|production)\b"
        ),
    ),
)
MISCELLANEOUS = "Miscellaneous"
EXECUTIVE_LEADERSHIP = "Executive Leadership"

_AT_COMPANY_RE = re.compile(r"\s+(?:at|@)\s+.*$", re.IGNORECASE)
_ACRONYMS = frozenset(
    [
        "ai",
        "bdr",
        "bi",
        "ceo",
        "cfo",
        "cio",
        "ciso",
        "cmo",
        "coo",
        "cpo",
        "cro",
        "cto",
        "hr",
        "it",
        "ml",
        "pr",
        "qa",
        "sdr",
        "seo",
        "sre",
        "svp",
        "evp",
        "ui",
        "ux",
        "vp",
    ]
)


def clean_title(title: str) -> str:
    """A readable title: first of several roles, no "at <company>", tidy spacing and casing."""
    text = title.split("|")[0]
    text = _AT_COMPANY_RE.sub("", text)
    text = " ".join(text.split()).strip(" ,;-/")
    if text and (text.islower() or text.isupper()):
        words = text.lower().split(" ")
        text = " ".join(w.upper() if w in _ACRONYMS else w.capitalize() for w in words)
    return text


def _first(rules: Iterable[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    return next((name for name, pattern in rules if pattern.search(text)), None)


def map_title_fallback(title: str | None) -> TitleMatch | None:
    """Cleaned title, function and seniority by the ordered rules; None when nothing is recognised."""
    if title is None:
        return None
    cleaned = clean_title(title)
    if not cleaned:
        return None
    seniority = _first(SENIORITY_RULES, cleaned)
    function = _first(FUNCTION_RULES, cleaned)
    if seniority in ("C-Level", "Founder") and EXECUTIVE_RE.search(cleaned):
        # the CEO, a founder, a president: the company's top, unless a department is named too
        function = function if function and _names_department(cleaned, function) else EXECUTIVE_LEADERSHIP
    if function is None and seniority is None:
        return None
    return TitleMatch(cleaned, function or MISCELLANEOUS, seniority or DEFAULT_SENIORITY)


_DEPARTMENT_CXO_RE = _rx(r"\b(cto|cfo|cmo|cio|cro|cpo|ciso|chro|chief (?!executive|operating)\w+ officer)\b")


def _names_department(title: str, function: str) -> bool:
    """ "Founder & CTO" names a department; "Founder & CEO" does not."""
    return bool(_DEPARTMENT_CXO_RE.search(title)) and function != EXECUTIVE_LEADERSHIP


# --- locations -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LocationMatch:
    city: str | None
    state: str | None
    country: str | None


US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
_STATE_BY_KEY = {**{k.lower(): v for k, v in US_STATES.items()}, **{v.lower(): v for v in US_STATES.values()}}
UNITED_STATES = "United States"
_AREA_RE = re.compile(r"^(?:greater\s+)?(.+?)(?:\s+metropolitan)?(?:\s+(?:bay\s+)?area)?$", re.IGNORECASE)


class LocationMapper:
    """`"City, State, Country"` style text -> city / state / country, for values the lookup lacks.

    `countries` maps lower-case country names, ISO codes and aliases to the canonical name.
    """

    def __init__(self, countries: Mapping[str, str]) -> None:
        self.countries = dict(countries)

    def country(self, text: str) -> str | None:
        return self.countries.get(lookup_key(text))

    def map(self, location: str | None) -> LocationMatch | None:
        if location is None:
            return None
        parts = [p.strip() for p in location.split(",") if p.strip()]
        if not parts:
            return None
        country = self.country(parts[-1])
        state = None
        if country is None and (state := _STATE_BY_KEY.get(parts[-1].lower())) is not None:
            country = UNITED_STATES
        if country is None:
            return None
        rest = parts[:-1]
        if state is None and len(rest) >= 2:
            state = _STATE_BY_KEY.get(rest[-1].lower(), rest[-1]) if country == UNITED_STATES else rest[-1]
            rest = rest[:-1]
        city = _AREA_RE.sub(r"\1", rest[0]) if rest else None
        return LocationMatch(city or None, state, country)


# --- industries and employee ranges --------------------------------------------------------------


def map_industry(raw: str | None, industries: Iterable[str]) -> str | None:
    """A raw industry that already is a reference industry name (any case); else None."""
    if raw is None:
        return None
    by_key = {lookup_key(name): name for name in industries}
    return by_key.get(lookup_key(raw))


@dataclass(frozen=True, slots=True)
class EmployeeRange:
    name: str
    min_employees: int
    max_employees: int | None


_NUMBER_RE = re.compile(r"\d[\d,.]*\s*[kK]?")


def _number(text: str) -> int | None:
    text = text.strip()
    factor = 1000 if text[-1:] in "kK" else 1
    digits = text.rstrip("kK ").replace(",", "").replace(".", "")
    return int(digits) * factor if digits.isdigit() else None


def map_employee_range(raw: str | int | None, ranges: Iterable[EmployeeRange]) -> str | None:
    """ "51-200 employees", "1,001-5,000", "10,001+" or a head count -> the reference range name."""
    if raw is None:
        return None
    numbers = [raw] if isinstance(raw, int) else [n for m in _NUMBER_RE.findall(raw) if (n := _number(m)) is not None]
    if not numbers:
        return None
    # "5,000-10,000" is the 5001-10000 bucket: take the middle of a span, at least one person
    size = max((numbers[0] + numbers[1]) // 2 if len(numbers) > 1 else numbers[0], 1)
    for r in sorted(ranges, key=lambda r: r.min_employees):
        if r.min_employees <= size and (r.max_employees is None or size <= r.max_employees):
            return r.name
    return None
