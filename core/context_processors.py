from core import navigation as nav_registry


def role_label(assignment) -> str:
    """ "Procesbegeleider, Expertteam Utrecht Stad": a role with its scope, for the page header."""
    role = assignment.get_role_display()
    return f"{role}, {assignment.scope}" if assignment.scope else str(role)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": nav_registry.items_for(user),
        "user_roles": user.role_codes,
        # role_assignments loads the scopes in the same query (select_related): no extra query per page
        "user_role_labels": [role_label(a) for a in user.role_assignments],
    }
