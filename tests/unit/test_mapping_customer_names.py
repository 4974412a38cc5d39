"""Customer name -> domain decisions of the in-memory name index (no database)."""

from ingest.core_build.names import (
    Decision,
    NameIndex,
    domain_in_name,
    domain_label,
    plausible_variant,
    similarity,
)
from ingest.normalize import company_name_key

KNOWN = [
    # name, domain, linkedin url, primary (core/discovery) name
    ("Blue River Analytics", "blueriveranalytics.com", "https://www.linkedin.com/company/blue-river", True),
    ("Tipalti, Inc.", "tipalti.com", None, True),
    ("You Need A Budget", "ynab.com", None, True),
    ("Lumenflow", "lumenflow.com", None, True),
    ("Summit Partners", "summitpartners.com", None, True),
    ("Summit Partners Ltd", "summit-partners.co.uk", None, True),
    ("Apex Health", "apexhealth.com", None, True),
    ("Harbor Logistics", "harborlogistics.com", None, True),
    ("Harbour Logistics", "harbor-logistics.co", None, True),
    ("ClearPeak Media Group", "clearpeakmedia.com", None, False),
    ("Clear Peak Media", "clearpeakmedia.com", None, True),
    ("monday.com", "monday.com", None, True),
]
INDEX = NameIndex(KNOWN)


def decide(name: str) -> Decision:
    decision = INDEX.decide(name)
    if decision is None:  # what the run does: trigram candidates, here every known key
        decision = INDEX.choose(name, INDEX.keys_list())
    return decision


def test_normalised_names_match_exactly() -> None:
    for name in ("Blue River Analytics, Inc.", "BLUE RIVER ANALYTICS", "The Blue River Analytics LLC", "Tipalti"):
        assert decide(name) == Decision(
            "exact", "blueriveranalytics.com" if "lue" in name.lower() else "tipalti.com", 1.0
        )


def test_aliases_spacing_and_domain_labels() -> None:
    assert decide("ClearPeak Media Group").domain == "clearpeakmedia.com"
    assert decide("Lumen Flow") == Decision("alias", "lumenflow.com", 0.98)
    assert decide("YNAB") == Decision("alias", "ynab.com", 0.95)


def test_names_that_are_domains() -> None:
    assert decide("monday.com") == Decision("domain", "monday.com", 1.0)
    assert decide("Notion.so") == Decision("domain", "notion.so", 1.0)
    assert domain_in_name("Node.js") == "node.js"
    assert decide("Node.js").method is None  # .js is no company TLD and node.js is unknown
    assert domain_in_name("Acme Inc.") is None


def test_ambiguous_names_are_never_guessed() -> None:
    decision = decide("Summit Partners")
    assert decision.method is None
    assert decision.domain is None
    assert {c.domain for c in decision.candidates} == {"summitpartners.com", "summit-partners.co.uk"}


def test_fuzzy_needs_the_threshold_and_a_clear_lead() -> None:
    assert decide("Blue River Analytcs").method == "fuzzy"
    assert decide("Blue River Analytcs").domain == "blueriveranalytics.com"
    # one typo from two companies: no clear winner
    typo = decide("Harbor Logistcs")
    assert typo.method is None
    assert typo.candidates[0].domain == "harborlogistics.com"
    # an extra word makes another entity
    assert decide("Blue River Analytics Europe").method is None
    # one letter, but another word
    assert decide("Apex Wealth").method is None
    # too short to tell from a typo
    assert decide("Apex").method is None


def test_unknown_names_stay_unmatched_with_no_candidates() -> None:
    decision = decide("Initech")
    assert decision == Decision(None)


def test_similarity_and_variants() -> None:
    assert similarity("meridain pay", "meridian pay") > 0.9  # a transposition is one edit
    assert similarity("kaizen gaming", "kaizen gaming international") < 0.6
    assert plausible_variant("cobalt robotcs", "cobalt robotics")
    assert not plausible_variant("apex wealth", "apex health")
    assert not plausible_variant("studio 54", "studio 55")


def test_domain_labels() -> None:
    assert domain_label("glow-recipe.com") == "glowrecipe"
    assert domain_label("coralinsurance.co.uk") == "coralinsurance"
    assert domain_label("app.acme.com") is None


def test_the_index_keeps_a_linkedin_url_per_domain() -> None:
    assert INDEX.linkedin["blueriveranalytics.com"] == "https://www.linkedin.com/company/blue-river"
    assert INDEX.linkedin["tipalti.com"] is None
    assert len(INDEX) == len({domain for _, domain, _, _ in KNOWN})
    assert company_name_key("Initech") in NameIndex([("Initech", "initech.com", None, True)]).by_key
