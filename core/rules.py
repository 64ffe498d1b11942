"""Role predicates every app builds its object rules on."""

import rules

from core.models import Role


def has_role(*codes: str):
    @rules.predicate(name=f"has_role({','.join(codes)})")
    def predicate(user) -> bool:
        return user.is_authenticated and user.has_role(*codes)

    return predicate


is_admin = has_role(Role.ADMIN)

rules.add_perm("core.view_accesslog", is_admin)
rules.add_perm("core.manage_reference_data", is_admin)
