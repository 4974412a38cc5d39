from graphql import parse

from gateway.audit import mutation_fields


def test_operator_mutations_are_audited_with_their_arguments_but_ingest_is_not() -> None:
    doc = parse(
        "mutation M($ids: [ID!]!) { replayRaw(ids: $ids) { rawId } ingest(source: x, payload: {}) { rawId }"
        ' erasePerson(linkedinUrl: "https://www.linkedin.com/in/a") { removed } }'
    )
    assert mutation_fields(doc, "M", {"ids": ["1", "2"]}) == [
        ("replayRaw", {"ids": ["1", "2"]}),
        ("erasePerson", {"linkedinUrl": "https://www.linkedin.com/in/a"}),
    ]


def test_queries_are_not_audited() -> None:
    assert mutation_fields(parse("{ leads { nodes { fullName } } }"), None, {}) == []


def test_arguments_from_variables_that_were_not_sent_are_left_out() -> None:
    doc = parse("mutation M($full: Boolean) { matchCustomerDomains(full: $full) { namesSeen } }")
    assert mutation_fields(doc, None, {}) == [("matchCustomerDomains", {})]
