"""Who may do what on the timeline. Logging and correcting steps follow ``cases.change_case``
(working on the case, case open); these predicates cover the action items. Owning an action gives
no access of its own: who may no longer open the case may not see or complete its actions."""

import rules

from cases.rules import works_on_case


@rules.predicate
def works_on_action_case(user, action) -> bool:
    return action is not None and works_on_case(user, action.step.case)


@rules.predicate
def action_case_is_open(user, action) -> bool:
    return action is not None and not action.step.case.is_closed


# Owning an action gives no access of its own: only who may open the case now may complete it.
rules.add_perm("expertteams.complete_action", works_on_action_case & action_case_is_open)
