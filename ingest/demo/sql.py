"""The bulk of the demo warehouse, generated inside PostgreSQL: people, work history, promotions.

Statements are rendered with the run's numbers in place of `:seed`, `:people`, `:companies` and
`:promotion` (the chance to draw a promotion, for people whose title has a junior one below it).
Randomness is `hashint8extended(key, seed)`: a pure function of the row key, so the data does not
depend on the order rows are produced in, and PostgreSQL 15 and 18 give the same values. Dates are
relative to `current_date`. Statements read the scratch tables `ingest.demo.load` uploads first:

- `demo_title (fn, pos, raw_value, cleaned, function, seniority, below, below_n)`: titles per
  function, junior first; `below` .. `below + below_n - 1` are the titles one seniority lower
- `demo_title_slot (k, fn, pos, below, below_n)`: `SLOTS` weighted picks of a title
- `demo_location (k, raw_value, city, state, country)` and `demo_location_slot (k, location)`
- `demo_company (c, location)`: the location each company (`core.companies.id = c`) is in
- `demo_first_name (k, name, slug)`, `demo_last_name (k, name, slug)`
"""

SLOTS = 65536  # rows of every weighted pick table: enough for titles of a 0.01 % share
_MASK = (1 << 48) - 1


def u(key: str, salt: int) -> str:
    """SQL for a uniform number in [0, 1) drawn from a row key, the seed and a salt."""
    return f"((hashint8extended(({key})::int8, :seed::int8 * 1000 + {salt}) & {_MASK})::float8 / {_MASK + 1}.0)"


def render(sql: str, **values: float) -> str:
    """The statement with this run's numbers in place of `:seed`, `:people`, `:companies`, ..."""
    for name in sorted(values, key=len, reverse=True):
        value = values[name]
        sql = sql.replace(f":{name}", repr(float(value)) if isinstance(value, float) else str(int(value)))
    return sql


def pick(key: str, salt: int, n: int | str) -> str:
    """SQL for an integer in [0, n)."""
    return f"floor({u(key, salt)} * {n})::int"


# Lower company ids are the big companies: they get more employees, alumni and customers.
def company(key: str, salt: int) -> str:
    return f"(1 + floor(:companies * power({u(key, salt)}, 1.6)))::int"


# One row per person with every decision the later statements share.
PLAN = f"""
CREATE TEMP TABLE demo_person ON COMMIT DROP AS
WITH draw AS (
    SELECT i, {company("i", 1)} AS company,
           {pick("i", 2, SLOTS)} AS title_slot,
           {pick("i", 3, SLOTS)} AS location_slot,
           {u("i", 4)} < 0.75 AS lives_where_company_is,
           {u("i", 5)} < :promotion AS promotion_drawn,
           {u("i", 6)} < 0.095 AS new_in_role,
           {u("i", 7)} AS r_start,
           {u("i", 8)} AS r_jobs,
           {u("i", 9)} < 0.015 AS no_location,
           {pick("i", 10, "(SELECT count(*) FROM demo_first_name)")} AS first_k,
           {pick("i", 11, "(SELECT count(*) FROM demo_last_name)")} AS last_k
    FROM generate_series(1, :people) AS i
), decided AS (
    SELECT d.*, ts.fn, ts.pos, ts.below, ts.below_n, d.promotion_drawn AND ts.below_n > 0 AS promoted,
           CASE WHEN d.lives_where_company_is THEN co.location ELSE ls.location END AS location
    FROM draw d
    JOIN demo_title_slot ts ON ts.k = d.title_slot
    JOIN demo_location_slot ls ON ls.k = d.location_slot
    JOIN demo_company co ON co.c = d.company
)
SELECT d.i, d.company, d.fn, d.promoted, d.no_location, d.location, d.first_k, d.last_k,
       d.pos AS title_pos,
       CASE WHEN d.promoted THEN d.below + {pick("i", 12, "d.below_n")} END AS previous_pos,
       CASE WHEN d.promoted THEN current_date - floor(d.r_start * 730)::int
            WHEN d.new_in_role THEN current_date - floor(d.r_start * 90)::int
            ELSE current_date - 91 - floor(power(d.r_start, 1.4) * 3200)::int END AS started,
       300 + {pick("i", 13, 1500)} AS tenure,  -- typical days per job
       -- 1-6 jobs (15/25/25/18/10/7 %); a promotion needs the earlier job at the same company
       greatest(CASE WHEN d.promoted THEN 2 ELSE 1 END,
                1 + (d.r_jobs >= 0.15)::int + (d.r_jobs >= 0.40)::int + (d.r_jobs >= 0.65)::int
                  + (d.r_jobs >= 0.83)::int + (d.r_jobs >= 0.93)::int) AS n_jobs,
       f.name AS first_name, l.name AS last_name,
       f.slug || '-' || l.slug || '-' || lpad(to_hex(
           ((d.i * 2654435761) & 4294967295) # (hashint8extended(:seed::int8, 0) & 4294967295)), 8, '0')
           AS slug
FROM decided d
JOIN demo_first_name f ON f.k = d.first_k
JOIN demo_last_name l ON l.k = d.last_k
"""

PEOPLE = """
INSERT INTO core.people (
    id, linkedin_url, linkedin_url_type, linkedin_slug, full_name, first_name, last_name, headline,
    location_raw, city, state, country, company_domain, company_name, job_title,
    matched_cleaned_job_title, matched_job_function, matched_seniority, job_start_date, origin)
SELECT p.i, 'https://www.linkedin.com/in/' || p.slug, 'person', p.slug,
       p.first_name || ' ' || p.last_name, p.first_name, p.last_name,
       t.cleaned || ' at ' || c.name,
       CASE WHEN NOT p.no_location THEN loc.raw_value END,
       CASE WHEN NOT p.no_location THEN loc.city END,
       CASE WHEN NOT p.no_location THEN loc.state END,
       CASE WHEN NOT p.no_location THEN loc.country END,
       c.domain, c.name, t.raw_value, t.cleaned, t.function, t.seniority, p.started, 'demo'
FROM demo_person p
JOIN core.companies c ON c.id = p.company
JOIN demo_title t ON t.fn = p.fn AND t.pos = p.title_pos
JOIN demo_location loc ON loc.k = p.location
"""

CURRENT_JOBS = """
INSERT INTO core.person_work_history (
    person_id, linkedin_url, company_domain, company_name, title, matched_job_function,
    matched_seniority, start_date, end_date, is_current)
SELECT p.i, 'https://www.linkedin.com/in/' || p.slug, c.domain, c.name, t.raw_value, t.function,
       t.seniority, p.started, NULL, true
FROM demo_person p
JOIN core.companies c ON c.id = p.company
JOIN demo_title t ON t.fn = p.fn AND t.pos = p.title_pos
"""

# Job k (2..n) started `back(k)` days before the current job did, `back(k) = (k - 1) * tenure +
# jitter(k)` with jitter below tenure / 3, and ended `gap` days before job k - 1 started: every date
# comes from (person, k) alone, so no running sums, and jobs never overlap. Earlier jobs are mostly
# in the same function, more junior the older they are. A promoted person's job 2 is a title one
# seniority lower at the same company, ending at most 30 days before the promotion.
_JOB = "p.i * 8 + job.k"
_PREVIOUS_JOB = "p.i * 8 + job.k - 1"
EARLIER_JOBS = f"""
INSERT INTO core.person_work_history (
    person_id, linkedin_url, company_domain, company_name, title, matched_job_function,
    matched_seniority, start_date, end_date, is_current)
SELECT p.i, 'https://www.linkedin.com/in/' || p.slug, c.domain, c.name, t.raw_value, t.function,
       t.seniority, p.started - r.back, p.started - r.back_previous - r.gap, false
FROM demo_person p
CROSS JOIN LATERAL generate_series(2, p.n_jobs) AS job (k)
CROSS JOIN LATERAL (
    SELECT p.promoted AND job.k = 2 AS promotion,
           (job.k - 1) * p.tenure + floor({u(_JOB, 20)} * p.tenure / 3)::int AS back,
           CASE WHEN job.k = 2 THEN 0
                ELSE (job.k - 2) * p.tenure + floor({u(_PREVIOUS_JOB, 20)} * p.tenure / 3)::int END AS back_previous,
           CASE WHEN p.promoted AND job.k = 2 THEN 1 + {pick(_JOB, 21, 30)}
                ELSE 1 + floor({u(_JOB, 22)} * p.tenure / 4)::int END AS gap,
           {company(_JOB, 24)} AS other,
           {u(_JOB, 25)} < 0.85 AS same_function,
           {u(_JOB, 26)} AS r_pos,
           {pick(_JOB, 27, SLOTS)} AS slot
) r
JOIN demo_title_slot ts ON ts.k = r.slot
JOIN core.companies c ON c.id = CASE WHEN r.promotion THEN p.company
                                     WHEN r.other = p.company THEN r.other % :companies + 1
                                     ELSE r.other END
JOIN demo_title t
  ON t.fn = CASE WHEN r.promotion OR r.same_function THEN p.fn ELSE ts.fn END
 AND t.pos = CASE WHEN r.promotion THEN p.previous_pos
                  WHEN r.same_function THEN floor((p.title_pos + 1) * power(r.r_pos, job.k / 2.0 - 0.5))::int
                  ELSE ts.pos END
"""

PROMOTIONS = """
INSERT INTO core.person_promotions (
    person_id, linkedin_url, company_domain, previous_title, new_title, promotion_date)
SELECT p.i, 'https://www.linkedin.com/in/' || p.slug, c.domain, before.raw_value, after.raw_value,
       p.started
FROM demo_person p
JOIN core.companies c ON c.id = p.company
JOIN demo_title after ON after.fn = p.fn AND after.pos = p.title_pos
JOIN demo_title before ON before.fn = p.fn AND before.pos = p.previous_pos
WHERE p.promoted
"""
