"""Who may do what with projects and indicators, built on hub.accounts.permissions.scope_for.

The catalogue is public: everyone reads every project. A project is created and kept by the officers
of its member (its local government or the holder of its CSCO term), by the National Representative of
the member's country, and by the Secretariat. Indicators and their values follow their project.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hub.accounts.permissions import scope_for
from hub.network.models import Member


def can_read_project(user, project) -> bool:
    return True


def can_create_project_for(user, member: Member) -> bool:
    scope = scope_for(user)
    return scope.secretariat or scope.speaks_for(member)


def can_edit_project(user, project) -> bool:
    """Edit a project and its indicators: the same people who may create one for its member."""
    return can_create_project_for(user, project.member)


def can_create_any_project(user) -> bool:
    scope = scope_for(user)
    return scope.secretariat or scope.speaks_for_some()


def members_for_new_projects(user) -> QuerySet[Member]:
    """The members this user may add projects to (for the form's choice list)."""
    return scope_for(user).editable(Member.objects.select_related("country").order_by("name"), "pk", "country_id")


def can_move_project(user, project, member: Member) -> bool:
    """Give a project to another member: allowed only if the user may keep projects of both."""
    return can_edit_project(user, project) and can_create_project_for(user, member)
