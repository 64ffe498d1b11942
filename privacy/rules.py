"""Who may do what with the privacy records. The team's view of a file's accesses and the client's
access report follow the case rule (its facilitator and the team's coordinator); retention, erasure
and the whole access log belong to the functional administrator (who sees references, never content)."""

import rules

from cases.rules import works_on_case
from core.rules import is_admin

rules.add_perm("privacy.view_case_accesses", works_on_case)
rules.add_perm("privacy.request_access_report", works_on_case)
rules.add_perm("privacy.manage", is_admin)
