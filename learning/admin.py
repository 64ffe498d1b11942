"""Admin for the functional administrator: themes and trainings, and the tracks with their teams and
participants. Learning cases are not in the admin: their link to a case is managed by the case's
facilitator through ``learning.services`` only."""

from django.contrib import admin

from core.admin import AdminRoleMixin
from learning.models import (
    Course,
    CourseDate,
    CourseParticipant,
    LearningTeam,
    LearningTrack,
    ProjectGroupMeeting,
    TeamMember,
    Theme,
    TrackParticipant,
)


@admin.register(Theme)
class ThemeAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class CourseDateInline(AdminRoleMixin, admin.TabularInline):
    model = CourseDate
    extra = 0


class CourseParticipantInline(AdminRoleMixin, admin.TabularInline):
    model = CourseParticipant
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Course)
class CourseAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [CourseDateInline, CourseParticipantInline]


class TrackParticipantInline(AdminRoleMixin, admin.TabularInline):
    model = TrackParticipant
    extra = 0
    raw_id_fields = ["user"]


class LearningTeamInline(AdminRoleMixin, admin.TabularInline):
    model = LearningTeam
    extra = 0
    show_change_link = True


class ProjectGroupMeetingInline(AdminRoleMixin, admin.TabularInline):
    model = ProjectGroupMeeting
    extra = 0


@admin.register(LearningTrack)
class LearningTrackAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "region", "period_start", "period_end"]
    list_filter = ["region"]
    search_fields = ["name"]
    inlines = [TrackParticipantInline, LearningTeamInline, ProjectGroupMeetingInline]


class TeamMemberInline(AdminRoleMixin, admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(LearningTeam)
class LearningTeamAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["municipality", "track", "planned_sessions"]
    list_filter = ["track"]
    inlines = [TeamMemberInline]
