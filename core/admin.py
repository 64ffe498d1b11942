from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import selectors
from core.models import (
    AccessLog,
    ExpertTeam,
    Municipality,
    NonWorkingDay,
    Organisation,
    Region,
    Role,
    RoleAssignment,
    User,
)


class AdminRoleMixin:
    """Admin pages for the functional administrator (role ``admin``, ``is_staff``), who is not a
    superuser: a superuser would pass every permission check in the application, including case access."""

    def _is_administrator(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and request.user.has_role(Role.ADMIN)

    def has_module_permission(self, request):
        return self._is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_add_permission(self, request, *args):
        return self._is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_administrator(request)


class ViewOnlyMixin:
    """Nothing is added, changed or deleted here; who may view is up to ``AdminRoleMixin``."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AdminInline(AdminRoleMixin, admin.TabularInline):
    """A table of related rows on an administrator's page, without blank rows to fill in."""

    extra = 0


class RoleAssignmentInline(ViewOnlyMixin, AdminInline):
    """Read-only: roles are given and taken in the user-management screen (``accounts``), which
    refuses one's own account and writes every change to the access log."""

    model = RoleAssignment
    fields = readonly_fields = ["role", "expert_team", "region", "organisation"]


@admin.register(User)
class UserAdmin(ViewOnlyMixin, AdminRoleMixin, DjangoUserAdmin):
    """View only. Accounts are created, (de)activated and given roles in the user-management screen;
    superuser, staff, group and permission switches and the password are not shown at all, and the
    roles of one's own account not even read-only."""

    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Persoonlijke gegevens"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    list_filter = ["is_active"]

    def get_inlines(self, request, obj):
        if obj is not None and obj.pk == request.user.pk:
            return []
        return super().get_inlines(request, obj)


class MunicipalityInline(AdminInline):
    model = Municipality


@admin.register(Region)
class RegionAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(ExpertTeam)
class ExpertTeamAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "region"]
    search_fields = ["name"]


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "description"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    def changelist_view(self, request, extra_context=None):
        next_year = timezone.localdate().year + 1
        if not selectors.has_decree_days(next_year):
            messages.warning(
                request,
                _("Er zijn nog geen bij besluit gelijkgestelde dagen voor %(year)s ingevoerd.")
                % {"year": next_year},
            )
        return super().changelist_view(request, extra_context)


@admin.register(AccessLog)
class AccessLogAdmin(ViewOnlyMixin, AdminRoleMixin, admin.ModelAdmin):
    """Read-only: the access log is append-only."""

    list_display = ["timestamp", "username", "role", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "timestamp"
