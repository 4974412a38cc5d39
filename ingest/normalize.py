"""Normalise the values Clay sends: domains, LinkedIn URLs, company names, dates and loose scalars.

Every key the warehouse matches or dedupes on comes from here, so ingest, matching and the core build
agree on one definition. Pure functions, no I/O. Stored values stay as sent; these are for keys.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

# --- domains -------------------------------------------------------------------------------------

_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_PORT_RE = re.compile(r":\d*$")
_LABEL_RE = re.compile(r"(?!-)(?:[^\W_]|-){1,63}(?<!-)")
# Full-width and ideographic full stops are dots to IDNA.
_IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def is_valid_domain(value: str) -> bool:
    """True for a bare host name: two or more labels of letters, digits and inner hyphens."""
    if not value or len(value) > 253:
        return False
    labels = value.split(".")
    tld = labels[-1]
    return (
        len(labels) >= 2 and all(_LABEL_RE.fullmatch(label) for label in labels) and len(tld) >= 2 and not tld.isdigit()
    )


def normalize_domain(value: str | None) -> str | None:
    """Host of a domain, URL or e-mail address, lowercased and without a leading ``www.``."""
    if value is None:
        return None
    host = unicodedata.normalize("NFC", value).strip().lower().translate(_IDNA_DOTS)
    host = _SCHEME_RE.sub("", host, count=1).removeprefix("//")
    host = re.split(r"[/?#\\]", host, maxsplit=1)[0]
    host = host.rpartition("@")[2]
    host = _PORT_RE.sub("", host).removesuffix(".")
    # "www.com" is a real domain: only drop "www." when a domain is left.
    if host.startswith("www.") and is_valid_domain(host[4:]):
        host = host[4:]
    return host if is_valid_domain(host) else None


# --- LinkedIn ------------------------------------------------------------------------------------

_LINKEDIN_ROOT = "https://www.linkedin.com"
_LINKEDIN_KINDS = {
    "in": "person",
    "company": "company",
    "school": "school",
    "showcase": "showcase",
    "sales/lead": "sales_navigator",
}


def _linkedin_parts(value: str) -> tuple[str, str] | None:
    """(kind path, slug) of a LinkedIn URL, e.g. ("in", "jane-doe"), or None when it is not one."""
    text = value.strip()
    if not text or any(char.isspace() for char in text):
        return None
    if not _SCHEME_RE.match(text):
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").removesuffix(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    head = [segment.lower() for segment in segments[:2]]
    if len(segments) >= 2 and head[0] in _LINKEDIN_KINDS:
        return head[0], segments[1].lower()
    if len(segments) >= 3 and head in (["sales", "lead"], ["sales", "people"]):
        # "/sales/lead/<id>,NAME_SEARCH,abc": the id is case-sensitive, keep it as sent.
        lead_id = segments[2].split(",")[0]
        return ("sales/lead", lead_id) if lead_id else None
    return None


def normalize_linkedin_url(value: str | None) -> str | None:
    """Canonical ``https://www.linkedin.com/<kind>/<slug>`` URL, or None when it is not LinkedIn."""
    parts = _linkedin_parts(value) if value is not None else None
    return f"{_LINKEDIN_ROOT}/{parts[0]}/{parts[1]}" if parts else None


def linkedin_url_type(url: str) -> str | None:
    """Kind of a LinkedIn URL: person, company, school, showcase or sales_navigator; else None."""
    parts = _linkedin_parts(url)
    return _LINKEDIN_KINDS[parts[0]] if parts else None


def linkedin_slug(url: str) -> str | None:
    """The profile slug (or Sales Navigator lead id) of a LinkedIn URL."""
    parts = _linkedin_parts(url)
    return parts[1] if parts else None


# --- dates ---------------------------------------------------------------------------------------

_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)},
    "sept": 9,
}
_ORD = r"(?:st|nd|rd|th)?"
# US month/day/year; "13/01/2023" can only be day/month and is read so.
_US_DATE_RE = re.compile(r"(?P<m>\d{1,2})[/-](?P<d>\d{1,2})[/-](?P<y>\d{4})")
# Each pattern yields named groups y, m (number or month name) and optionally d.
_DATE_PATTERNS = (
    _US_DATE_RE,
    *(
        re.compile(pattern, re.IGNORECASE)
        for pattern in (
            r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?:[T\s]\d.*)?",  # ISO
            r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",  # 20231001
            r"(?P<y>\d{4})[-/](?P<m>\d{1,2})",  # 2024-08
            r"(?P<m>\d{1,2})[-/](?P<y>\d{4})",  # 08-2024
            r"(?P<y>\d{4})",
            r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})",  # European: 01.10.2023
            r"(?P<m>[a-z]+)\.?[\s,/-]+(?P<y>\d{4})",  # Aug 2024, Jan-2024
            rf"(?P<m>[a-z]+)\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})",  # Aug 1, 2024
            rf"(?P<d>\d{{1,2}}){_ORD}[\s-]+(?P<m>[a-z]+)\.?,?[\s-]+(?P<y>\d{{4}})",  # 1 Aug 2024
        )
    ),
)
_EPOCH_RE = re.compile(r"\d{9,13}")
_ISO_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


def _number_to_datetime(value: float | Decimal) -> datetime | None:
    """Integral 1000..9999 is a year; else epoch seconds, or millis from 1e11 on; 0 means unset."""
    number = float(value)  # ints are floats to mypy but have no is_integer() before 3.12
    if not math.isfinite(number) or number <= 0:
        return None
    if number.is_integer() and 1000 <= number <= 9999:
        return datetime(int(number), 1, 1, tzinfo=UTC)
    seconds = number / 1000 if abs(number) >= 1e11 else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _date_from_text(text: str) -> date | None:
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        fields = match.groupdict()
        month_text = fields.get("m") or "1"
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
        day = int(fields.get("d") or 1)
        if month is None:
            return None
        if pattern is _US_DATE_RE and month > 12 >= day:
            month, day = day, month
        try:
            return date(int(fields["y"]), month, day)
        except ValueError:
            return None
    return None


def parse_date(value: object) -> date | None:
    """Calendar date as written (no time-zone shift); partial dates give the first day; else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        moment = _number_to_datetime(value)
        return moment.date() if moment else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _EPOCH_RE.fullmatch(text):
        moment = _number_to_datetime(int(text))
        return moment.date() if moment else None
    return _date_from_text(text)


def parse_datetime(value: object) -> datetime | None:
    """Time-zone-aware UTC datetime; naive values are taken as UTC, bare dates as midnight UTC."""
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATETIME_RE.match(text):
            try:
                return _as_utc(datetime.fromisoformat(text))
            except ValueError:
                pass
        if _EPOCH_RE.fullmatch(text):
            return _number_to_datetime(int(text))
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _number_to_datetime(value)
    day = parse_date(value)
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None


# --- text and JSON -------------------------------------------------------------------------------

_NULL_TOKENS = frozenset({"null", "none", "n/a", "undefined"})
_VISITED_RE = re.compile(r"^\s*visited:?\s+", re.IGNORECASE)
_BULLET_RE = re.compile(r"^(?:[*\-\u2022\u00b7]|\d{1,3}[.)])\s+")


def clean_text(value: object) -> str | None:
    """Stripped text without NULs; None for missing values ("", "null", "N/A", ...) and non-scalars."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) or (isinstance(value, float | Decimal) and math.isfinite(value)):
        return str(value)
    if not isinstance(value, str):
        return None
    text = value.replace("\x00", "").strip()
    return None if not text or text.lower() in _NULL_TOKENS else text


def strip_nul(obj: Any) -> tuple[Any, bool]:
    """Remove NUL characters (JSONB rejects them) from every string and key; (clean, changed)."""
    if isinstance(obj, str):
        return (obj.replace("\x00", ""), True) if "\x00" in obj else (obj, False)
    if isinstance(obj, dict):
        pairs = [(strip_nul(key), strip_nul(item)) for key, item in obj.items()]
        if not any(key[1] or item[1] for key, item in pairs):
            return obj, False
        return {key[0]: item[0] for key, item in pairs}, True
    if isinstance(obj, list | tuple):
        items = [strip_nul(item) for item in obj]
        if not any(changed for _, changed in items):
            return obj, False
        return type(obj)(clean for clean, _ in items), True
    return obj, False


def parse_json_maybe(value: object) -> object:
    """Decode a JSON object or array sent as a string (also doubly encoded); else return value."""
    current: object = value
    for _ in range(2):
        if not isinstance(current, str):
            break
        text = current.strip()
        if not text or text[0] not in '{["':
            break
        try:
            current = json.loads(text)
        except (ValueError, RecursionError):
            break
        if isinstance(current, dict | list):
            return current
    return value


def strip_visited_prefix(value: str) -> str:
    """Drop the "Visited " that Claygent puts before each URL in ``stepsTaken``."""
    return _VISITED_RE.sub("", value, count=1).strip()


def _split_text(text: str) -> list[str]:
    # The strongest separator present wins, so "Okay, Cool Group; Trudy's" keeps its comma.
    if "\n" in text:
        return [_BULLET_RE.sub("", line.strip()) for line in text.splitlines()]
    return text.split(";") if ";" in text else text.split(",")


def _collect(value: object, out: list[str], *, split: bool) -> None:
    value = parse_json_maybe(value)
    if isinstance(value, list | tuple):
        for item in value:
            _collect(item, out, split=False)
        return
    parts = _split_text(value) if split and isinstance(value, str) else [value]
    out.extend(text for part in parts if (text := clean_text(part)) is not None)


def split_list(value: object) -> list[str]:
    """A list Clay sent as a list, a JSON array string or a separated string; cleaned, de-duplicated."""
    out: list[str] = []
    _collect(value, out, split=True)
    return list(dict.fromkeys(out))


def canonical_json(obj: object) -> bytes:
    """Deterministic UTF-8 JSON (sorted keys, compact) for dedupe hashes."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


# --- company names -------------------------------------------------------------------------------

_APOSTROPHES = dict.fromkeys(map(ord, "'`\u00b4\u2018\u2019\u201a\u201b\u2032\u02bc"))
# Letters NFKD does not decompose, applied after casefold().
_FOLD = str.maketrans(
    {"\u00f8": "o", "\u0142": "l", "\u0111": "d", "\u0131": "i", "\u00e6": "ae"} | {"\u0153": "oe", "\u00fe": "th"}
)
_DOTTED_ABBREVIATION_RE = re.compile(r"\b[a-z](?:\.[a-z])+\.?(?![a-z0-9])")  # "s.a." -> "sa"
_NON_ALNUM_RE = re.compile(r"[\W_]+")
# Legal forms at the end of a name (also after "and": "Smith & Co"); the lookbehind keeps one word.
_LEGAL_SUFFIX_RE = re.compile(
    r"(?<=\S) (?:and )?(?:inc|incorporated|llc|l l c|ltd|limited|gmbh|ag|sa|sas|sarl|srl|bv|nv|plc|pty|pvt"
    r"|corp|corporation|co|lp|llp|oy|ab|as|a s|kg|pte)$"
)


def company_name_key(name: str | None) -> str | None:
    """Matching key of a company name: folded, unpunctuated, without "the" and legal suffixes."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold().translate(_FOLD).replace("&", " and ")
    text = _DOTTED_ABBREVIATION_RE.sub(lambda match: match.group(0).replace(".", ""), text)
    key = " ".join(_NON_ALNUM_RE.sub(" ", text).split())
    key = key[4:] if key.startswith("the ") else key
    while (shorter := _LEGAL_SUFFIX_RE.sub("", key)) != key:
        key = shorter
    return key or None


# --- scalars -------------------------------------------------------------------------------------

_TRUE = frozenset({"true", "t", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "off"})
_NUMBER_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+(?:_\d+)*|(?=\.\d))(?:\.\d*)?(?:e[+-]?\d+)?", re.IGNORECASE)
_INTEGER_RE = re.compile(r"[+-]?\d+")


def parse_bool(value: object) -> bool | None:
    """True/False from booleans, 1/0 and yes/no/true/false words; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return True if value == 1 else False if value == 0 else None
    if isinstance(value, str):
        text = value.strip().lower()
        return True if text in _TRUE else False if text in _FALSE else None
    return None


def _number_text(value: str) -> str | None:
    """The number in value without thousands separators, or None when it is not a plain number."""
    text = value.strip()
    return text.replace(",", "").replace("_", "") if _NUMBER_RE.fullmatch(text) else None


def parse_float(value: object) -> float | None:
    """Finite float from a number or numeric text; "85%" -> 0.85; words like "high" -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        digits = _number_text(text.removesuffix("%"))
        if digits is None:
            return None
        number = float(digits) / 100 if percent else float(digits)
    else:
        return None
    return number if math.isfinite(number) else None


def parse_int(value: object) -> int | None:
    """Integer from a number or numeric text ("1,234" -> 1234); fractions are truncated toward 0."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        digits = _number_text(value)
        if digits is None:
            return None
        if _INTEGER_RE.fullmatch(digits):
            return int(digits)  # exact, even beyond float precision
    number = parse_float(value)
    return int(number) if number is not None else None
