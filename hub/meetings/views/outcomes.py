"""Outcome pages: record, edit and delete information, decisions and action items, and change the
registry as a decision says (the Secretariat).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core.services import Conflict
from hub.meetings import forms, policies, services
from hub.meetings.models import Outcome, OutcomeKind
from hub.meetings.views.common import (
    _delete_flow,
    _form_errors,
    _form_page,
    _item,
    _organise,
    _outcome,
    _version,
    handles_denial,
)

OUTCOME_TITLES = {
    OutcomeKind.DECISION: gettext_lazy("Record a decision on “%(item)s”"),
    OutcomeKind.ACTION: gettext_lazy("Add an action item to “%(item)s”"),
    OutcomeKind.INFORMATION: gettext_lazy("Add information to “%(item)s”"),
}


@handles_denial
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    meeting = item.meeting
    _organise(request, meeting)
    allow_effects = policies.can_apply_registry_effects(request.user)
    kind = request.GET.get("kind") if request.GET.get("kind") in OutcomeKind.values else None
    form = forms.OutcomeForm(
        request.POST or None, item=item, user=request.user, allow_effects=allow_effects, fixed_kind=kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the decision and the members it adds to the registry, or nothing
                outcome = services.record_outcome(
                    actor=request.user, item=item, data=form.service_data(), effects=form.effect_specs(), via="page"
                )
                if form.new_members():
                    services.admit_with_new_members(
                        actor=request.user, decision=outcome, effects=[], new_members=form.new_members(), via="page"
                    )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect(f"{meeting.get_absolute_url()}#{outcome.kind}-{outcome.pk}")
    return _form_page(
        request,
        form=form,
        title=(OUTCOME_TITLES.get(kind) or _("Record an outcome of “%(item)s”")) % {"item": item.title},
        show_effects_note=allow_effects is False and kind in (None, OutcomeKind.DECISION),
        back=item.get_absolute_url(),
        meeting=meeting,
        outcome_form=True,
        allow_effects=allow_effects,
    )


@handles_denial
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    meeting = outcome.agenda_item.meeting
    _organise(request, meeting)
    form = forms.OutcomeForm(request.POST or None, instance=outcome, item=outcome.agenda_item, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_outcome(
                actor=request.user,
                outcome=Outcome.objects.get(pk=outcome.pk),
                data=form.service_data(),
                expected_version=_version(form),
                via="page",
            )
        except (ValidationError, Conflict) as exc:
            _form_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("The outcome was saved."))
            return redirect(f"{meeting.get_absolute_url()}#{outcome.kind}-{outcome.pk}")
    return _form_page(
        request, form=form, title=_("Edit outcome"), back=outcome.agenda_item.get_absolute_url(), meeting=meeting
    )


def _effect_consequences(outcome: Outcome) -> list[str]:
    lines = []
    for effect in outcome.effects.select_related(
        "membership_event__member", "role_term__country", "ended_term__country"
    ):
        if effect.created_by_decision:
            lines.append(_("The registry record it made is deleted: %(target)s.") % {"target": effect.target})
            if effect.ended_term_id:
                lines.append(
                    _("The term it ended gets its end back: %(term)s ends %(end)s again.")
                    % {"term": effect.ended_term, "end": effect.ended_term_end_before or _("open-ended")}
                )
        else:
            lines.append(
                _("The link to %(target)s is removed; the record itself stays in the registry.")
                % {"target": effect.target}
            )
    return lines


@handles_denial
def outcome_delete(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    meeting = outcome.agenda_item.meeting
    _organise(request, meeting)
    if outcome.effects.exists() and not policies.can_apply_registry_effects(request.user):
        raise PermissionDenied(services.effects_need_secretariat_message())
    return _delete_flow(
        request,
        title=_("Delete this %(kind)s?") % {"kind": outcome.get_kind_display()},
        consequences=[outcome.text, *_effect_consequences(outcome)],
        back=f"{meeting.get_absolute_url()}#{outcome.kind}-{outcome.pk}",
        done_url=outcome.agenda_item.get_absolute_url(),
        done_message=_("The outcome was deleted."),
        action=lambda: services.delete_outcome(actor=request.user, outcome=outcome, via="page"),
    )


@handles_denial
def effects_add(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    meeting = outcome.agenda_item.meeting
    _organise(request, meeting)
    if outcome.kind != OutcomeKind.DECISION:
        raise Http404
    if not policies.can_apply_registry_effects(request.user):
        raise PermissionDenied(services.effects_need_secretariat_message())
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data.update({"kind": OutcomeKind.DECISION, "text": outcome.text})
    form = forms.OutcomeForm(data, item=outcome.agenda_item, user=request.user, allow_effects=True)
    for name in list(form.fields):
        if name not in form.EFFECT_FIELDS:
            form.fields[name].required = False
            form.fields[name].widget = form.fields[name].hidden_widget()
    if request.method == "POST" and form.is_valid():
        try:
            services.admit_with_new_members(
                actor=request.user,
                decision=outcome,
                effects=form.effect_specs(),
                new_members=form.new_members(),
                via="page",
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The registry was changed as the decision says."))
            return redirect(f"{meeting.get_absolute_url()}#decision-{outcome.pk}")
    return _form_page(
        request,
        form=form,
        title=_("Change the registry as decided: “%(text)s”") % {"text": outcome},
        back=f"{meeting.get_absolute_url()}#decision-{outcome.pk}",
        meeting=meeting,
        outcome_form=True,
        allow_effects=True,
        effects_only=True,
    )
