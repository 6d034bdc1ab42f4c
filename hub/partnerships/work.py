"""Partnerships' tasks on "My work" (hub.accounts.work.TASK_PROVIDERS).

- city officers: expressions of interest in their member's opportunities that wait for an answer;
- National Representatives: opportunities of their members submitted for their agreement to publish;
- partners: answers to their organisation's expressions of interest.

One query per group (two when a group has more than a page).
"""

from __future__ import annotations

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from hub.accounts.work import TaskGroup, TaskItem, as_date, group_of
from hub.partnerships.models_opportunities import Interest, InterestState, Opportunity, OpportunityState


def _interest_item(interest: Interest, detail: str) -> TaskItem:
    return TaskItem(interest.opportunity.title, interest.get_absolute_url(), detail, as_date(interest.updated_at))


def tasks(user, scope) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    interests = Interest.objects.select_related("opportunity__member", "organisation").order_by("updated_at", "pk")
    if scope.officer_member_ids:
        groups.append(
            group_of(
                "interests_to_answer",
                _("Expressions of interest waiting for your answer"),
                interests.filter(state=InterestState.OPEN, opportunity__member_id__in=scope.officer_member_ids),
                lambda i: _interest_item(i, _("from %(partner)s") % {"partner": i.organisation.name}),
                reverse("partnerships:opportunities"),
                _("No expression of interest waits for your answer."),
            )
        )
    if scope.nr_country_ids:
        submitted = Opportunity.objects.filter(
            state=OpportunityState.SUBMITTED, member__country_id__in=scope.nr_country_ids
        ).select_related("member")
        # Since when it waits: its latest submission.
        submitted = submitted.annotate(submitted_at=Max("reviews__at", filter=Q(reviews__action="submit")))
        groups.append(
            group_of(
                "opportunities_to_publish",
                _("Investment opportunities waiting for your agreement to publish"),
                submitted.order_by("submitted_at", "pk"),
                lambda o: TaskItem(o.title, o.get_absolute_url(), o.member.name, as_date(o.submitted_at)),
                reverse("partnerships:opportunities"),
                _("No opportunity waits for your agreement."),
            )
        )
    if scope.partner and scope.organisation_ids:
        groups.append(
            group_of(
                "interest_answers",
                _("Answers to your expressions of interest"),
                interests.filter(state=InterestState.ANSWERED, organisation_id__in=scope.organisation_ids),
                lambda i: _interest_item(i, _("answered by %(member)s") % {"member": i.opportunity.member.name}),
                reverse("partnerships:my_partner"),
                _("No new answer to your expressions of interest."),
            )
        )
    return groups
