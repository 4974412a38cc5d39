"""list_rollup: rollup of lead counts per dropdown dimension (issue 13)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 20:10:00.000000

`core.lead_rollup` holds the number of leads (core.people LEFT JOIN core.companies: the `leads` list's
rows) per value of the dropdown dimensions and completeness, for each grouping set of
`models.core.ROLLUP_SETS`. Statement-level AFTER triggers on core.people and core.companies add and
subtract the changed rows' keys from their transition tables, so the rollup changes in the same
transaction as the rows it counts; a TRUNCATE of either table recomputes it. The dimension SQL below is
the lead fields' (gateway/leads/fields.py), the `complete` flag the lead model's FLAG rule
(gateway/lists/compiler.py `completeness`): the differential tests compare both with the scans.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from models.core import ROLLUP_DIMENSIONS, ROLLUP_SETS

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the rollup column -> its SQL over a person `p` and their company `c` (gateway/leads/fields.py)
DIMENSION_SQL = {
    "job_function": "p.matched_job_function",
    "seniority": "p.matched_seniority",
    "industry": "c.industry",
    "employee_range": "c.employee_range",
    "person_country": "p.country",
    "company_country": "c.country",
    "business_model": "c.business_model",
}
COMPLETE_SQL = (
    "COALESCE(p.country <> '' AND p.matched_cleaned_job_title <> '' AND p.matched_job_function <> ''"
    " AND p.matched_seniority <> '' AND COALESCE(c.name, p.company_name) <> '' AND c.country <> ''"
    " AND c.industry <> '' AND p.matched_job_function <> 'Miscellaneous', false)"
)
# the columns of people and companies the dimensions read: an UPDATE changing none of them changes no count
PERSON_COLUMNS = (
    "id",
    "country",
    "matched_job_function",
    "matched_seniority",
    "matched_cleaned_job_title",
    "company_domain",
    "company_name",
)
COMPANY_COLUMNS = ("id", "domain", "name", "country", "industry", "employee_range", "business_model")
NO_COMPANY = "(SELECT " + ", ".join(f"NULL::text AS {c}" for c in COMPANY_COLUMNS[2:]) + ")"

KEY = ", ".join(ROLLUP_DIMENSIONS)
DIMENSIONS = ", ".join(f"{DIMENSION_SQL[d]} AS {d}" for d in ROLLUP_DIMENSIONS)


def keyed(sign: str, rows: str) -> str:
    """(sign, dimensions..., complete) of a FROM clause naming a person `p` and their company `c`."""
    return f"SELECT {sign} AS sign, {DIMENSIONS}, {COMPLETE_SQL} AS complete FROM {rows}"


def apply(signed: str) -> str:
    """Adds the signed keys of `signed` to every grouping set; emptied rows' ids go into `emptied`."""
    sets = ", ".join("(" + ", ".join(("complete", *s)) + ")" for s in ROLLUP_SETS)
    return f"""
    WITH delta AS (
        SELECT {KEY}, complete, sum(sign) AS n FROM ({signed}) s GROUP BY {KEY}, complete
    ), up AS (
        INSERT INTO core.lead_rollup AS r (grouping_set, complete, {KEY}, n)
        SELECT GROUPING({KEY}), complete, {KEY}, sum(n) FROM delta
        GROUP BY GROUPING SETS ({sets})
        HAVING sum(n) <> 0
        ORDER BY 1, 2, {KEY}
        ON CONFLICT (grouping_set, complete, {KEY}) DO UPDATE SET n = r.n + EXCLUDED.n
        RETURNING r.id, r.n
    )
    SELECT array_agg(id) FILTER (WHERE n = 0) INTO emptied FROM up;
    IF emptied IS NOT NULL THEN
        DELETE FROM core.lead_rollup WHERE id = ANY (emptied);
    END IF;"""


def changed(columns: Sequence[str], sign: str, side: str, other: str) -> str:
    """Rows of transition table `side` whose dimension columns differ from their `other` version (by id)."""
    a, b = f"{side}_v", f"{other}_v"  # not `old`/`new`: PL/pgSQL's trigger variables
    picked = ", ".join(f"{a}.{c}" for c in columns)
    mine = ", ".join(f"{a}.{c}" for c in columns[1:])
    theirs = ", ".join(f"{b}.{c}" for c in columns[1:])
    return (
        f"SELECT {sign} AS sign, {picked} FROM {side}_rows {a} LEFT JOIN {other}_rows {b} ON {b}.id = {a}.id"
        f" WHERE {b}.id IS NULL OR ({mine}) IS DISTINCT FROM ({theirs})"
    )


def people_rows(event: str) -> str:
    """Signed changed people (columns of PERSON_COLUMNS) of a statement on core.people."""
    columns = ", ".join(PERSON_COLUMNS)
    if event == "INSERT":
        return f"SELECT 1 AS sign, {columns} FROM new_rows"
    if event == "DELETE":
        return f"SELECT -1 AS sign, {columns} FROM old_rows"
    return f"{changed(PERSON_COLUMNS, '-1', 'old', 'new')} UNION ALL {changed(PERSON_COLUMNS, '1', 'new', 'old')}"


def company_rows(event: str) -> str:
    columns = ", ".join(COMPANY_COLUMNS)
    if event == "INSERT":
        return f"SELECT 1 AS sign, {columns} FROM new_rows"
    if event == "DELETE":
        return f"SELECT -1 AS sign, {columns} FROM old_rows"
    return f"{changed(COMPANY_COLUMNS, '-1', 'old', 'new')} UNION ALL {changed(COMPANY_COLUMNS, '1', 'new', 'old')}"


def people_delta(event: str) -> str:
    """The changed people with their (current) companies: a people statement changes no company."""
    return keyed("p.sign", f"({people_rows(event)}) p LEFT JOIN core.companies c ON c.domain = p.company_domain")


def company_delta(event: str) -> str:
    """A company's people leave its old version (for no company) and join its new one (from no company)."""
    changed_companies = f"({company_rows(event)}) c JOIN core.people p ON p.company_domain = c.domain"
    no_company = (
        f"({company_rows(event)}) k JOIN core.people p ON p.company_domain = k.domain CROSS JOIN {NO_COMPANY} c"
    )
    return f"{keyed('c.sign', changed_companies)} UNION ALL {keyed('-k.sign', no_company)}"


TABLES = {"people": people_delta, "companies": company_delta}
EVENTS = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}  # fmt: skip


def function(name: str, body: str, returns: str = "trigger") -> str:
    result = "RETURN NULL;" if returns == "trigger" else ""
    # bulk writes (the demo loader, a first build) hand over ~1M rows: hash the grouping sets in memory
    return f"""CREATE FUNCTION core.{name}() RETURNS {returns} LANGUAGE plpgsql
    SET work_mem = '256MB' SET jit = off AS $fn$
    DECLARE emptied bigint[];
    BEGIN {body}
    {result}
    END $fn$"""


def upgrade() -> None:
    op.create_table(
        "lead_rollup",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("grouping_set", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        *(sa.Column(d, sa.Text(), nullable=True) for d in ROLLUP_DIMENSIONS),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_rollup")),
        schema="core",
    )
    op.create_index(
        "uq_lead_rollup_key",
        "lead_rollup",
        ["grouping_set", "complete", *ROLLUP_DIMENSIONS],
        unique=True,
        schema="core",
        postgresql_nulls_not_distinct=True,
    )
    everyone = keyed("1", "core.people p LEFT JOIN core.companies c ON c.domain = p.company_domain")
    op.execute(function("lead_rollup_rebuild", f"DELETE FROM core.lead_rollup; {apply(everyone)}", "void"))
    op.execute(function("lead_rollup_truncated", "PERFORM core.lead_rollup_rebuild();"))
    for table, delta in TABLES.items():
        for event, referencing in EVENTS.items():
            name = f"lead_rollup_{table}_{event.lower()}"
            op.execute(function(name, apply(delta(event))))
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON core.{table} REFERENCING {referencing}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION core.{name}()"
            )
        op.execute(
            f"CREATE TRIGGER lead_rollup_{table}_truncate AFTER TRUNCATE ON core.{table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION core.lead_rollup_truncated()"
        )
    op.execute("SELECT core.lead_rollup_rebuild()")
    op.execute("ANALYZE core.lead_rollup")


def downgrade() -> None:
    for table in TABLES:
        for event in (*EVENTS, "TRUNCATE"):
            op.execute(f"DROP TRIGGER IF EXISTS lead_rollup_{table}_{event.lower()} ON core.{table}")
            op.execute(f"DROP FUNCTION IF EXISTS core.lead_rollup_{table}_{event.lower()}()")
    op.execute("DROP FUNCTION IF EXISTS core.lead_rollup_truncated()")
    op.execute("DROP FUNCTION IF EXISTS core.lead_rollup_rebuild()")
    op.drop_index("uq_lead_rollup_key", table_name="lead_rollup", schema="core")
    op.drop_table("lead_rollup", schema="core")
