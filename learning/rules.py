"""Who may do what in the learning network. Reading is scoped by ``learning.selectors`` (participants
only); these predicates decide the actions on objects the user can already see."""

import rules

from core.models import Role
from core.rules import has_role
from learning.models import LearningCase, LearningTrack, TrackParticipant


def _track_of(obj) -> LearningTrack | None:
    if obj is None:
        return None
    if isinstance(obj, LearningTrack):
        return obj
    if isinstance(obj, LearningCase):
        return obj.track
    return getattr(obj, "track", None)


@rules.predicate
def takes_part_in_track(user, obj) -> bool:
    track = _track_of(obj)
    return (
        track is not None
        and user.is_authenticated
        and TrackParticipant.objects.filter(track=track, user=user).exists()
    )


@rules.predicate
def takes_part_in_any_track(user) -> bool:
    return user.is_authenticated and TrackParticipant.objects.filter(user=user).exists()


works_on_cases = has_role(Role.FACILITATOR, Role.COORDINATOR)

# Everyone in a track records its sessions, learning cases and project-group meetings, and asks for
# its report; linking a learning case to a real case is for the case's facilitator or coordinator
# (``services.link_learning_case`` checks the case and the consent).
rules.add_perm("learning.view_track", takes_part_in_track)
rules.add_perm("learning.record_session", takes_part_in_track)
rules.add_perm("learning.change_learning_case", takes_part_in_track)
rules.add_perm("learning.manage_project_group", takes_part_in_track)
rules.add_perm("learning.request_track_report", takes_part_in_track)
rules.add_perm("learning.link_learning_case", works_on_cases)
rules.add_perm(
    "learning.view_trainings",
    has_role(Role.LEARNER, Role.FACILITATOR, Role.COORDINATOR, Role.MUNICIPAL) | takes_part_in_any_track,
)
