"""Customer names against known company names, in memory: exact keys, aliases, and the fuzzy decision.

Pure functions and one index class; `matching` feeds them from the database (and pg_trgm candidates).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from ingest.normalize import company_name_key, normalize_domain

# Fuzzy acceptance: similarity of the keys (0..1), lead over the runner-up, shortest key considered.
FUZZY_THRESHOLD = 0.86
FUZZY_LEAD = 0.08
FUZZY_MIN_LENGTH = 6
CANDIDATES_KEPT = 5
CANDIDATE_MIN_SCORE = 0.5  # weaker look-alikes are not worth an operator's time

# A customer name that is a domain on one of these is taken as that domain even when unknown.
COMMON_TLDS = frozenset((
    "com", "io", "ai", "co", "net", "org", "app", "dev", "tech", "xyz", "so", "me", "us", "uk", "de", "fr",
    "nl", "se", "ch", "es", "it", "ca", "au", "in", "sg", "il", "ie", "money", "health", "finance",
    "capital", "cloud", "software", "store", "shop", "studio", "agency", "group", "inc", "ly", "gg",
))  # fmt: skip
_DOMAIN_NAME_RE = re.compile(r"^[^\s/@,]+\.[A-Za-z]{2,}$")
_TWO_LEVEL_SUFFIX = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd"})


@dataclass(frozen=True, slots=True)
class Known:
    key: str
    domain: str
    name: str
    primary: bool  # the company's own name in core/discovery, not an alias from another source


@dataclass(frozen=True, slots=True)
class Candidate:
    domain: str
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one customer name: a match (method + domain) or the candidates to review."""

    method: str | None
    domain: str | None = None
    score: float | None = None
    candidates: tuple[Candidate, ...] = ()


def compact(key: str) -> str:
    return key.replace(" ", "")


def domain_label(domain: str) -> str | None:
    """The name part of a registrable domain: "glow-recipe" for glow-recipe.com or .co.uk; else None."""
    labels = domain.split(".")
    if len(labels) == 2 or (len(labels) == 3 and labels[1] in _TWO_LEVEL_SUFFIX and len(labels[2]) == 2):
        return labels[0].replace("-", "")
    return None


def domain_in_name(name: str) -> str | None:
    """The domain a customer name is written as ("monday.com", "Open.Money"), else None."""
    text_ = name.strip()
    return normalize_domain(text_) if _DOMAIN_NAME_RE.match(text_) else None


def similarity(a: str, b: str) -> float:
    """How alike two name keys are (0..1): typo-tolerant on the spaceless keys; word order counts only
    between names of as many words (an extra word, "Acme Europe", makes another company)."""
    edit = DamerauLevenshtein.normalized_similarity(compact(a), compact(b))
    if len(a.split()) != len(b.split()):
        return edit
    return max(edit, fuzz.token_sort_ratio(a, b) / 100.0)


def plausible_variant(a: str, b: str) -> bool:
    """Edits look like typos, not other words: "Apex Wealth" is no variant of "Apex Health"."""
    ta, tb = a.split(), b.split()
    if sorted(ta) == sorted(tb):
        return True
    if len(ta) != len(tb):
        return compact(a)[:1] == compact(b)[:1]
    for x, y in zip(ta, tb, strict=True):
        if x != y and (x[0] != y[0] or min(len(x), len(y)) < 4 or x.isdigit() or y.isdigit()):
            return False
    return True


class NameIndex:
    """Known company names by key, spaceless key and domain label, for exact and alias matching."""

    def __init__(self, rows: Iterable[tuple[str, str, str | None, bool]]) -> None:
        self.by_key: dict[str, list[Known]] = defaultdict(list)
        self.by_compact: dict[str, list[Known]] = defaultdict(list)
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.linkedin: dict[str, str | None] = {}
        for name, domain, linkedin_url, primary in sorted(rows, key=lambda r: (r[1], r[0], not r[3])):
            key = company_name_key(name)
            if key is None:
                continue
            known = Known(key, domain, name, primary)
            self.by_key[key].append(known)
            self.by_compact[compact(key)].append(known)
            if linkedin_url and not self.linkedin.get(domain):
                self.linkedin[domain] = linkedin_url
            self.linkedin.setdefault(domain, None)
        for domain in self.linkedin:
            label = domain_label(domain)
            if label:
                self.by_label[label].add(domain)

    def __len__(self) -> int:
        return len(self.linkedin)

    def keys_list(self) -> list[str]:
        return list(self.by_key)

    def _unique(self, method: str, hits: Sequence[Known], score: float) -> Decision:
        domains = sorted({h.domain for h in hits})
        if len(domains) == 1:
            return Decision(method, domains[0], score)
        # two known companies share the name: never guess
        best = {d: next(h.name for h in hits if h.domain == d) for d in domains}
        return Decision(None, candidates=tuple(Candidate(d, n, score) for d, n in best.items())[:CANDIDATES_KEPT])

    def decide(self, name: str) -> Decision | None:
        """Domain-name, exact and alias matching; None when only fuzzy matching can tell."""
        domain = domain_in_name(name)
        if domain and (domain in self.linkedin or domain.rsplit(".", 1)[-1] in COMMON_TLDS):
            return Decision("domain", domain, 1.0)
        key = company_name_key(name)
        if key is None:
            return Decision(None)
        if hits := self.by_key.get(key):
            method = "exact" if any(h.primary for h in hits) else "alias"
            return self._unique(method, hits, 1.0)
        if hits := self.by_compact.get(compact(key)):
            return self._unique("alias", hits, 0.98)
        if domains := self.by_label.get(compact(key)):
            hits = [Known(key, d, d, False) for d in domains]
            return self._unique("alias", hits, 0.95)
        return None

    def choose(self, name: str, candidate_keys: Iterable[str]) -> Decision:
        """The fuzzy decision among trigram candidates: a clear winner above the threshold, or none."""
        key = company_name_key(name) or ""
        best: dict[str, tuple[float, Known]] = {}
        for other in candidate_keys:
            score = similarity(key, other)
            for known in self.by_key.get(other, ()):
                if known.domain not in best or score > best[known.domain][0]:
                    best[known.domain] = (score, known)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].domain))
        shown = [(s, k) for s, k in ranked if s >= CANDIDATE_MIN_SCORE][:CANDIDATES_KEPT]
        candidates = tuple(Candidate(k.domain, k.name, round(s, 4)) for s, k in shown)
        if not ranked:
            return Decision(None)
        top_score, top = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        if (
            top_score >= FUZZY_THRESHOLD
            and top_score - runner_up >= FUZZY_LEAD
            and len(compact(key)) >= FUZZY_MIN_LENGTH
            and plausible_variant(key, top.key)
        ):
            return Decision("fuzzy", top.domain, round(top_score, 4), candidates)
        return Decision(None, candidates=candidates)
