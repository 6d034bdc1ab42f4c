"""The registry's write pages: a member's profile, its membership events, role terms, organisations, countries.

Rights come from hub.network.policies (anonymous visitors are sent to sign in, others without the
right get 403); every write goes through hub.network.services, which checks the rights again, validates,
writes in one transaction and logs. Each form carries the version of the record it was opened on: when
someone else saved in between, the save is refused (``Conflict``), the reader's input is kept and what
the other person saved is shown, and nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydantic
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hub.core.filters import filter_errors
from hub.core.labels import by_label
from hub.core.log_views import describe
from hub.core.models import ChangeEntry
from hub.core.services import Conflict
from hub.network import history, policies, services
from hub.network.filters import OrganisationFilter
from hub.network.forms import (
    LABELS,
    ConfirmDeleteForm,
    CountryForm,
    MemberForm,
    MembershipEventForm,
    NewMemberForm,
    NewRoleTermForm,
    OrganisationForm,
    RegistryForm,
    RoleTermForm,
)
from hub.network.models import Country, Member, MembershipEvent, Organisation, RoleTerm

VIA = "page"
ORGANISATIONS_PER_PAGE = 50


def _gate(request: HttpRequest, allowed: Callable[[Any], bool]) -> HttpResponse | None:
    """Send anonymous visitors to sign in; refuse (403) signed-in people without the right."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed(request.user):
        raise PermissionDenied(_("You may not make this change."))
    return None


def _conflict_message() -> str:
    return _(
        "This record was changed by someone else since you opened it. Nothing of yours was saved. "
        "Their changes are listed below and your input is kept in the form: check it, then save again "
        "to apply it on top of theirs, or cancel."
    )


def _changes_since(obj, seen_version: int | None, current_version: int) -> list:
    """What others saved after the version the reader opened: each save raised the version by one."""
    count = max(1, min(current_version - (seen_version or current_version), 10))
    entries = ChangeEntry.objects.for_object(obj).select_related("content_type").order_by("-at", "-pk")[:count]
    return describe(entries)


def _edit(
    request: HttpRequest,
    *,
    form_class: type[RegistryForm],
    instance=None,
    allowed_fields=None,
    initial: dict | None = None,
    save: Callable[[dict, int | None], Any],
    done: Callable[[Any], str],
    context: dict,
    history_rows: list | None = None,
) -> HttpResponse:
    """Show the form; on a valid POST save through ``save(data, expected_version, **form.options())`` and go
    to ``done(obj)``, unless the form asks the reader something first (``form.needs_decision``)."""
    status = 200
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, allowed=allowed_fields)
        if not form.is_valid():
            status = 400
        elif form.needs_decision:
            pass  # shown again with its question (NewRoleTermForm): nothing is saved before the reader decides
        else:
            try:
                obj = save(form.changes(), form.expected_version, **form.options())
            except Conflict as exc:
                current = type(instance)._default_manager.get(pk=instance.pk)
                conflict = _changes_since(current, form.expected_version, exc.current_version)
                # Keep the reader's input; saving again is now a deliberate decision on top of theirs.
                data = request.POST.copy()
                data["version"] = str(exc.current_version)
                form = form_class(data, instance=current, allowed=allowed_fields)
                form.is_valid()
                form.add_error(None, _conflict_message())
                status = 409
            except ValidationError as exc:
                form.add_model_errors(exc)
                status = 400
            else:
                messages.success(request, _("Saved: %(record)s.") % {"record": obj})
                return redirect(done(obj))
    else:
        form = form_class(instance=instance, allowed=allowed_fields, initial=initial)
    context = {
        **context,
        "form": form,
        "conflict": conflict,
        "history": history_rows,
        "restricted": allowed_fields is not None,
    }
    return render(request, "network/edit/form.html", context, status=status)


def _delete(
    request: HttpRequest,
    *,
    obj,
    delete: Callable[[int], None],
    done: str,
    cancel: str,
    context: dict,
) -> HttpResponse:
    status = 200
    errors: list[str] = []
    conflict = None
    if request.method == "POST":
        form = ConfirmDeleteForm(request.POST)
        if form.is_valid():
            try:
                delete(form.cleaned_data["version"])
            except Conflict as exc:
                conflict = _changes_since(obj, form.cleaned_data["version"], exc.current_version)
                errors.append(
                    _(
                        "This record was changed by someone else since you opened it, so it was not deleted. "
                        "Check their changes below; to delete it anyway, confirm again."
                    )
                )
                form = ConfirmDeleteForm(initial={"version": exc.current_version})
                status = 409
            except ValidationError as exc:
                errors.extend(exc.messages)
                status = 400
            else:
                messages.success(request, _("Deleted: %(record)s.") % {"record": obj})
                return redirect(done)
        else:
            errors.append(_("The form was incomplete; nothing was deleted. Please confirm again."))
            form = ConfirmDeleteForm(initial={"version": obj.version})
            status = 400
    else:
        form = ConfirmDeleteForm(initial={"version": obj.version})
    context = {**context, "form": form, "object": obj, "errors": errors, "conflict": conflict, "cancel_url": cancel}
    return render(request, "network/edit/confirm_delete.html", context, status=status)


# --- members -------------------------------------------------------------------------------------


def member_edit(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("country"), slug=slug)
    refused = _gate(request, lambda user: policies.can_edit_member_profile(user, member))
    if refused:
        return refused
    allowed = policies.member_fields_editable(request.user, member)

    def save(data, version):
        return services.update_member(actor=request.user, member=member, data=data, expected_version=version, via=VIA)

    return _edit(
        request,
        form_class=MemberForm,
        instance=member,
        allowed_fields=allowed,
        save=save,
        done=lambda obj: obj.get_absolute_url(),
        history_rows=history.member_history(member),
        context={
            "title": _("Edit %(name)s") % {"name": member.name},
            "parent": member,
            "cancel_url": member.get_absolute_url(),
        },
    )


def member_add(request: HttpRequest) -> HttpResponse:
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused
    return _edit(
        request,
        form_class=NewMemberForm,
        save=lambda data, _version: services.create_member(actor=request.user, data=data, via=VIA),
        done=lambda obj: obj.get_absolute_url(),
        context={"title": _("Add a member"), "cancel_url": reverse("network:registry")},
    )


def _member_event(slug: str, pk: int) -> MembershipEvent:
    return get_object_or_404(
        MembershipEvent.objects.select_related("member", "member__country"), pk=pk, member__slug=slug
    )


def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("country"), slug=slug)
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused

    def save(data, _version):
        return services.create_membership_event(actor=request.user, data={**data, "member": member}, via=VIA)

    return _edit(
        request,
        form_class=MembershipEventForm,
        save=save,
        done=lambda obj: member.get_absolute_url(),
        context={
            "title": _("Add a membership event to %(name)s") % {"name": member.name},
            "parent": member,
            "cancel_url": member.get_absolute_url(),
        },
    )


def membership_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _member_event(slug, pk)
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused

    def save(data, version):
        return services.update_membership_event(
            actor=request.user, event=event, data=data, expected_version=version, via=VIA
        )

    return _edit(
        request,
        form_class=MembershipEventForm,
        instance=event,
        save=save,
        done=lambda obj: event.member.get_absolute_url(),
        history_rows=history.object_history(event),
        context={
            "title": _("Edit a membership event of %(name)s") % {"name": event.member.name},
            "parent": event.member,
            "cancel_url": event.member.get_absolute_url(),
            "delete_url": reverse("network:membership_delete", args=[slug, event.pk]),
        },
    )


def membership_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _member_event(slug, pk)
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused
    return _delete(
        request,
        obj=event,
        delete=lambda version: services.delete_membership_event(
            actor=request.user, event=event, expected_version=version, via=VIA
        ),
        done=event.member.get_absolute_url(),
        cancel=reverse("network:membership_edit", args=[slug, event.pk]),
        context={"title": _("Delete a membership event of %(name)s") % {"name": event.member.name}},
    )


# --- role terms ----------------------------------------------------------------------------------


def _term_done(term: RoleTerm) -> str:
    if term.member_id:
        return term.member.get_absolute_url()
    return reverse("network:governance") + f"#history-{term.role}"


def role_term_add(request: HttpRequest) -> HttpResponse:
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused
    # Prefill from links such as "add a CSCO term" on a member's page (?role=csco&member=<slug>).
    initial: dict[str, Any] = {}
    if request.GET.get("role") in dict(RoleTerm._meta.get_field("role").choices):
        initial["role"] = request.GET["role"]
    if request.GET.get("member"):
        initial["member"] = Member.objects.filter(slug=request.GET["member"]).values_list("pk", flat=True).first()
    if request.GET.get("country"):
        code = request.GET["country"].upper()
        initial["country"] = Country.objects.filter(code=code).values_list("pk", flat=True).first()

    def save(data, _version, end_previous=False):
        offer = services.end_offer(data) if end_previous else None
        term = services.create_role_term(actor=request.user, data=data, end_previous=end_previous, via=VIA)
        if offer is not None:
            ended = {"holder": offer.term.holder_label, "end": offer.end}
            messages.success(request, _("%(holder)s's term now ends on %(end)s.") % ended)
        return term

    return _edit(
        request,
        form_class=NewRoleTermForm,
        initial=initial,
        save=save,
        done=_term_done,
        context={"title": _("Add a role term"), "cancel_url": reverse("network:governance")},
    )


def role_term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(RoleTerm.objects.with_related(), pk=pk)
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused

    def save(data, version):
        return services.update_role_term(actor=request.user, term=term, data=data, expected_version=version, via=VIA)

    return _edit(
        request,
        form_class=RoleTermForm,
        instance=term,
        save=save,
        done=_term_done,
        history_rows=history.object_history(term),
        context={
            "title": _("Edit a role term: %(term)s") % {"term": term},
            "cancel_url": _term_done(term),
            "delete_url": reverse("network:role_term_delete", args=[term.pk]),
        },
    )


def role_term_delete(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(RoleTerm.objects.with_related(), pk=pk)
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused
    return _delete(
        request,
        obj=term,
        delete=lambda version: services.delete_role_term(
            actor=request.user, term=term, expected_version=version, via=VIA
        ),
        done=_term_done(term),
        cancel=reverse("network:role_term_edit", args=[term.pk]),
        context={"title": _("Delete a role term")},
    )


# --- organisations and countries -----------------------------------------------------------------


def registry(request: HttpRequest) -> HttpResponse:
    """The Secretariat's desk: add records, and find the organisations to edit (they have no public page)."""
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused
    params = {name: request.GET.get(name, "").strip() for name in OrganisationFilter.model_fields}
    errors: list[str] = []
    try:
        organisations = OrganisationFilter(**params).apply()
    except pydantic.ValidationError as exc:
        errors = filter_errors(exc, LABELS)
        organisations = Organisation.objects.none()
    paginator = Paginator(organisations, ORGANISATIONS_PER_PAGE)
    return render(
        request,
        "network/edit/registry.html",
        {
            "params": params,
            "errors": errors,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "kinds": Organisation._meta.get_field("kind").choices,
            "countries": by_label(Country.objects.all()),
            "recent": history.role_terms_history(limit=10),
        },
        status=400 if errors else 200,
    )


def organisation_add(request: HttpRequest) -> HttpResponse:
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused
    return _edit(
        request,
        form_class=OrganisationForm,
        save=lambda data, _version: services.create_organisation(actor=request.user, data=data, via=VIA),
        done=lambda obj: reverse("network:organisation_edit", args=[obj.slug]),
        context={"title": _("Add an organisation"), "cancel_url": reverse("network:registry")},
    )


def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused

    def save(data, version):
        return services.update_organisation(
            actor=request.user, organisation=organisation, data=data, expected_version=version, via=VIA
        )

    return _edit(
        request,
        form_class=OrganisationForm,
        instance=organisation,
        save=save,
        done=lambda obj: reverse("network:organisation_edit", args=[obj.slug]),
        history_rows=history.object_history(organisation),
        context={
            "title": _("Edit %(name)s") % {"name": organisation.name},
            "cancel_url": reverse("network:registry"),
        },
    )


def country_edit(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    refused = _gate(request, policies.can_keep_registry)
    if refused:
        return refused

    def save(data, version):
        return services.update_country(
            actor=request.user, country=country, data=data, expected_version=version, via=VIA
        )

    return _edit(
        request,
        form_class=CountryForm,
        instance=country,
        save=save,
        done=lambda obj: obj.get_absolute_url(),
        history_rows=history.country_history(country),
        context={
            "title": _("Edit %(name)s") % {"name": country.label},
            "parent": country,
            "cancel_url": country.get_absolute_url(),
        },
    )
