"""How a mapping correction or a feed row becomes a lookup row's values (pure: no database)."""

import pytest

from ingest.core_build.lookup_writes import UnknownValue, Vocabulary
from ingest.core_build.maps import Fallbacks

VOCABULARY = Vocabulary(
    ["C-Level", "VP", "Director", "Mid-Level"],
    ["Sales", "Engineering", "Miscellaneous"],
    Fallbacks({"germany": "Germany", "de": "Germany", "deu": "Germany", "usa": "United States"}, [], []),
)


def test_vocabulary_values_are_matched_case_insensitively_and_answered_canonical() -> None:
    assert VOCABULARY.seniority(" vp ", strict=True) == "VP"
    assert VOCABULARY.job_function("SALES", strict=True) == "Sales"
    assert VOCABULARY.country("DE", strict=True) == "Germany"
    assert VOCABULARY.country("usa", strict=True) == "United States"
    assert VOCABULARY.seniority("", strict=True) is None


def test_an_unknown_value_is_refused_for_the_operator_and_ignored_for_a_feed() -> None:
    with pytest.raises(UnknownValue, match="'Overlord' is not a known seniority; use one of: C-Level, VP"):
        VOCABULARY.seniority("Overlord", strict=True)
    with pytest.raises(UnknownValue, match="not a known country; use a name or ISO code") as refused:
        VOCABULARY.country("Narnia", strict=True)
    assert refused.value.allowed == []
    assert VOCABULARY.job_function("Wrangling", strict=False) is None


def test_a_title_keeps_the_parts_not_given_from_the_current_mapping_else_the_rules() -> None:
    current = ("Chief Wrangler", "Miscellaneous", "C-Level")
    assert VOCABULARY.title("chief wrangler", current, (None, "Sales", None)) == ("Chief Wrangler", "Sales", "C-Level")
    assert VOCABULARY.title("vp engineering", None, ("VP of Engineering", None, None)) == (
        "VP of Engineering",
        "Engineering",
        "VP",
    )
    assert VOCABULARY.title("zzz", None, (None, None, "Director")) == ("Zzz", "Miscellaneous", "Director")
