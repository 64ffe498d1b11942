"""Admin for the functional administrator: themes and trainings, and the tracks with their teams and
participants. Learning cases are not in the admin: their link to a case is managed by the case's
facilitator through ``learning.services`` only."""

from django.contrib import admin

from core.admin import AdminInline, AdminRoleMixin
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


class CourseDateInline(AdminInline):
    model = CourseDate


class CourseParticipantInline(AdminInline):
    model = CourseParticipant
    raw_id_fields = ["user"]


@admin.register(Course)
class CourseAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [CourseDateInline, CourseParticipantInline]


class TrackParticipantInline(AdminInline):
    model = TrackParticipant
    raw_id_fields = ["user"]


class LearningTeamInline(AdminInline):
    model = LearningTeam
    show_change_link = True


class ProjectGroupMeetingInline(AdminInline):
    model = ProjectGroupMeeting


@admin.register(LearningTrack)
class LearningTrackAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["name", "region", "period_start", "period_end"]
    list_filter = ["region"]
    search_fields = ["name"]
    inlines = [TrackParticipantInline, LearningTeamInline, ProjectGroupMeetingInline]


class TeamMemberInline(AdminInline):
    model = TeamMember
    raw_id_fields = ["user"]


@admin.register(LearningTeam)
class LearningTeamAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["municipality", "track", "planned_sessions"]
    list_filter = ["track"]
    inlines = [TeamMemberInline]
