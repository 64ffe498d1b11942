"""Schemes, their criteria and budgets, and calls, managed by the functional administrator.

Applications and decisions are not editable here: their status changes only through
``subsidies.services`` (with checks, locks and the access log)."""

from django.contrib import admin

from core.admin import AdminInline, AdminRoleMixin
from subsidies.models import Call, ConflictDeclaration, GrantScheme, SchemeBudget, ScoringCriterion


class ScoringCriterionInline(AdminInline):
    model = ScoringCriterion


class SchemeBudgetInline(AdminInline):
    model = SchemeBudget
    # What was granted is booked by the decisions, under a row lock; the administrator sets the ceiling.
    readonly_fields = ["granted_total"]


class CallInline(AdminInline):
    model = Call
    fields = ["name", "opens_at", "closes_at"]


@admin.register(GrantScheme)
class GrantSchemeAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "decision_working_days", "yearly_budget", "max_per_application", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    filter_horizontal = ["committee_members"]
    autocomplete_fields = ["chair"]
    inlines = [ScoringCriterionInline, SchemeBudgetInline, CallInline]


@admin.register(Call)
class CallAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "scheme", "opens_at", "closes_at"]
    list_filter = ["scheme"]
    search_fields = ["name"]
    date_hierarchy = "closes_at"


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["member", "organisation", "expert_team", "description", "valid_from", "valid_until"]
    list_filter = ["organisation", "expert_team"]
    autocomplete_fields = ["member"]
