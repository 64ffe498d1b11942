"""Role predicates every app builds its object rules on, and the view decorator that asks a rule."""

import functools

import rules
from django.core.exceptions import PermissionDenied

from core.models import Role


def has_role(*codes: str):
    @rules.predicate(name=f"has_role({','.join(codes)})")
    def predicate(user) -> bool:
        return user.is_authenticated and user.has_role(*codes)

    return predicate


is_admin = has_role(Role.ADMIN)

rules.add_perm("core.view_accesslog", is_admin)
rules.add_perm("core.manage_reference_data", is_admin)


def rule_required(perm: str):
    """View decorator: 403 unless ``rules.has_perm(perm, request.user)``. Not Django's (or rules')
    ``permission_required``, which ask ``user.has_perm``: that lets a superuser pass every permission."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rules.has_perm(perm, request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
