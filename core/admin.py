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
    RoleAssignment,
    User,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["expert_team", "region", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(ExpertTeam)
class ExpertTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    search_fields = ["name"]


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
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
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only."""

    list_display = ["timestamp", "username", "role", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "timestamp"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
