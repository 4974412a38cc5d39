"""The core tables under the aliases every read statement uses (people `p`, companies `c` ...).

One alias per table, so statements built by different modules of the read side compose: a lead
field's expression, a signal's condition and a loader's join all name the same `p` and `c`.
"""

from models import core

P = core.Person.__table__.alias("p")
C = core.Company.__table__.alias("c")
PP = core.PersonPromotion.__table__.alias("pp")
WH = core.PersonWorkHistory.__table__.alias("wh")
CC = core.CompanyCustomer.__table__.alias("cc")
VC = core.CompanyVcInvestor.__table__.alias("v")
CT = core.CompanyTechnology.__table__.alias("ct")  # issue 12: technologies (companies/technologies.py)
LR = core.LeadRollup.__table__.alias("lr")  # issue 13: lead counts per dropdown value (lists/rollup.py)
