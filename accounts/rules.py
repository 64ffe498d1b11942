"""Who manages users: an administrator, and never on their own account (``accounts.services``
refuses the same)."""

import rules

from core.rules import is_admin


@rules.predicate
def is_someone_else(user, target) -> bool:
    return target is not None and target.pk != user.pk


rules.add_perm("accounts.manage_users", is_admin)
rules.add_perm("accounts.change_user", is_admin & is_someone_else)
