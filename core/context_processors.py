from core import navigation as nav_registry


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": nav_registry.items_for(user), "user_roles": user.role_codes}
