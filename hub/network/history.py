"""The history of registry records, as their reviewers read it on the records' pages.

Reviewers are those who may edit the record, the Secretariat and operators (who read the whole log),
and for a member or country the National Representative of its country. The public sees no history:
who changed what is for reviewers (pages show the public only when a record was last updated).

Every history is one query, whatever its length: the entries of the record and of the records that
belong to it (a member's membership events and role terms), newest first, cut at ``LIMIT``.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from hub.core import rights
from hub.core.log_views import EntryView, describe
from hub.core.models import ChangeAction, ChangeEntry
from hub.core.sqlshape import Shape
from hub.network import policies
from hub.network.models import Country, Member, MembershipEvent, RoleTerm

LIMIT = 50


def _ids_as_text(queryset):
    # ChangeEntry.object_id is text; PostgreSQL compares text only with text.
    return queryset.annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def _of(model, ids) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)


def _read(condition: Q, limit: int) -> list[EntryView]:
    entries = ChangeEntry.objects.filter(condition).select_related("content_type").order_by("-at", "-pk")
    return describe(entries[:limit])


# --- who reviews -----------------------------------------------------------------------------------


def can_review_member(user, member: Member) -> bool:
    return policies.can_edit_member_profile(user, member) or rights.can_read_change_log(user)


def can_review_country(user, country: Country) -> bool:
    scope = rights.scope_for(user)
    return rights.can_read_change_log(user) or policies.can_keep_registry(user) or country.pk in scope.nr_country_ids


def can_review_registry(user) -> bool:
    """Records that belong to the network as a whole (role terms, organisations)."""
    return policies.can_keep_registry(user) or rights.can_read_change_log(user)


# --- histories -------------------------------------------------------------------------------------


def _member_entries(
    *, member_id: int, member_pk: str, deleted_prefix: str, member_type: int, event_type: int, term_type: int
):
    condition = (
        Q(content_type_id=member_type, object_id__in=[member_pk])
        | Q(content_type_id=event_type, object_id__in=_ids_as_text(MembershipEvent.objects.filter(member_id=member_id)))
        | Q(content_type_id=term_type, object_id__in=_ids_as_text(RoleTerm.objects.filter(member_id=member_id)))
        # A deleted event has no row left to point at; its entry keeps the member's name in its text.
        | Q(content_type_id=event_type, action=ChangeAction.DELETE, object_repr__startswith=deleted_prefix)
    )
    return ChangeEntry.objects.filter(condition).select_related("content_type").order_by("-at", "-pk")


# Compiled once per process (hub/core/sqlshape.py): the member page reads it for its reviewers on every request.
_MEMBER_ENTRIES = Shape("network.member_history", lambda **inputs: _member_entries(**inputs)[:LIMIT])


def member_history(member: Member, limit: int = LIMIT) -> list[EntryView]:
    """The member's own entries, its membership events' and its role terms' (deleted events included)."""
    inputs = {
        "member_id": member.pk,
        "member_pk": str(member.pk),
        "deleted_prefix": f"{member.name}: ",
        "member_type": ContentType.objects.get_for_model(Member).pk,
        "event_type": ContentType.objects.get_for_model(MembershipEvent).pk,
        "term_type": ContentType.objects.get_for_model(RoleTerm).pk,
    }
    if limit == LIMIT:
        return describe(_MEMBER_ENTRIES.list(**inputs))
    return describe(_member_entries(**inputs)[:limit])


def country_history(country: Country, limit: int = LIMIT) -> list[EntryView]:
    """The country's own entries and those of the role terms it holds (Chair, Shepherd, NR)."""
    condition = _of(Country, [str(country.pk)]) | _of(RoleTerm, _ids_as_text(RoleTerm.objects.filter(country=country)))
    return _read(condition, limit)


def object_history(obj, limit: int = LIMIT) -> list[EntryView]:
    return _read(_of(type(obj), [str(obj.pk)]), limit)


def role_terms_history(limit: int = LIMIT) -> list[EntryView]:
    """The latest changes to any role term (deleted ones included)."""
    return _read(Q(content_type=ContentType.objects.get_for_model(RoleTerm)), limit)
