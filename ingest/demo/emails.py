"""Demo emails and SalesNav lead URLs (issue 12), for `ingest.demo.load` to run after its people steps.

Not wired yet (the demo loader is the lead engineer's): render each statement with `render(sql,
seed=...)` after `PEOPLE` and count `core.person_emails` rows. Like `ingest.demo.sql`, rows are drawn
from a hash of the person id and the seed, so the same seed gives the same rows.

- about 60 % of demo people with a company get an email `first.last@domain` from one finder, a second
  finder confirming it for a third of them; statuses mostly `valid`, some `catch_all`, a few `invalid`;
- `core.people.email` is then the best of them, by the core build's ranking (`EMAIL_RANK`);
- about 3 % of demo people carry the SalesNav lead URL their profile absorbed.
"""

from ingest.core_build.emails import EMAIL_RANK
from ingest.demo.sql import u

_ADDRESS = "regexp_replace(lower(p.first_name || '.' || p.last_name), '[^a-z0-9.]', '', 'g') || '@' || p.company_domain"
_SOURCES = "(ARRAY['email_leadmagic', 'email_anymailfinder', 'email_icypeas'])"

DEMO_EMAILS = f"""
INSERT INTO core.person_emails (person_id, linkedin_url, email, source, status, found_at)
SELECT p.id, p.linkedin_url, {_ADDRESS}, {_SOURCES}[1 + ((floor({u("p.id", 41)} * 3)::int + n) % 3)],
       CASE WHEN {u("p.id", 42)} < 0.8 THEN 'valid' WHEN {u("p.id", 42)} < 0.95 THEN 'catch_all' ELSE 'invalid' END,
       now() - make_interval(days => floor({u("p.id", 43)} * 365)::int + n * 30)
FROM core.people p
CROSS JOIN generate_series(0, 1) AS n
WHERE p.origin = 'demo' AND p.company_domain IS NOT NULL AND p.first_name IS NOT NULL
  AND p.last_name IS NOT NULL AND {u("p.id", 40)} < 0.6 AND (n = 0 OR {u("p.id", 44)} < 0.33)
"""

DEMO_BEST_EMAIL = f"""
UPDATE core.people p SET email = b.email
FROM (SELECT DISTINCT ON (e.person_id) e.person_id, e.email FROM core.person_emails e
      WHERE {EMAIL_RANK.format(s="e.status")} < 2
      ORDER BY e.person_id, {EMAIL_RANK.format(s="e.status")}, e.found_at DESC, e.email) b
WHERE p.id = b.person_id AND p.origin = 'demo'
"""

DEMO_SALES_NAVIGATOR_URLS = f"""
UPDATE core.people p SET sales_navigator_url = 'https://www.linkedin.com/sales/lead/ACwAA' || left(md5(p.id::text), 16)
WHERE p.origin = 'demo' AND {u("p.id", 45)} < 0.03
"""
