"""Pages to add, edit and remove a project's indicators (before, only the import could): unit, direction,
baseline and target with their dates. The project's editors (hub.projects.policies.can_edit_project)
may; every write goes through hub.projects.services, which checks the same right and logs the change."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core.services import Conflict
from hub.projects import policies, services
from hub.projects.models import Direction, Indicator, Project

FIELDS = ["name", "unit", "direction", "description", "baseline", "baseline_period", "target", "target_period"]
PERIOD_HELP = gettext_lazy(
    "When it was (or should be) measured: a year, a month or a day, e.g. 2022, 2022-12 or 2022-12-31."
)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    unit = forms.CharField(
        label=gettext_lazy("Unit"), max_length=60, help_text=gettext_lazy("e.g. people, %, tonnes per year")
    )
    direction = forms.ChoiceField(label=gettext_lazy("Better when"), choices=Direction.choices)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    baseline = forms.DecimalField(label=gettext_lazy("Baseline value"), required=False, max_digits=18, decimal_places=4)
    baseline_period = forms.CharField(
        label=gettext_lazy("Baseline date"), required=False, max_length=40, help_text=PERIOD_HELP
    )
    target = forms.DecimalField(label=gettext_lazy("Target value"), required=False, max_digits=18, decimal_places=4)
    target_period = forms.CharField(
        label=gettext_lazy("Target date"), required=False, max_length=40, help_text=PERIOD_HELP
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        for value, period in (("baseline", "baseline_period"), ("target", "target_period")):
            if data.get(period) and data.get(value) is None:
                self.add_error(value, _("Give the value that goes with this date."))
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in FIELDS}
        for text in ("description", "baseline_period", "target_period"):
            data[text] = data[text] or ""
        return data


def _project(request: HttpRequest, slug: str) -> Project:
    project = get_object_or_404(Project.objects.select_related("member"), slug=slug)
    if not policies.can_edit_project(request.user, project):
        raise PermissionDenied(_("You may not change the indicators of this project."))
    return project


def _errors(form: IndicatorForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _page(request, form, project, indicator=None, status=None) -> HttpResponse:
    status = status or (400 if form.is_bound and form.errors else 200)
    context = {"form": form, "project": project, "indicator": indicator}
    return render(request, "projects/indicator_form.html", context, status=status)


@login_required
def indicator_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.create_indicator(
                actor=request.user, project=project, data=form.service_data(), via="page"
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The indicator was added."))
            return redirect(f"{project.get_absolute_url()}#indicator-{indicator.pk}")
    return _page(request, form, project)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("project__member"), pk=pk)
    project = _project(request, indicator.project.slug)
    if request.method != "POST":
        initial = {name: getattr(indicator, name) for name in FIELDS} | {"version": indicator.version}
        return _page(request, IndicatorForm(initial=initial), project, indicator)
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            services.update_indicator(
                actor=request.user,
                indicator=indicator,
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version"),
                via="page",
            )
        except ValidationError as exc:
            _errors(form, exc)
        except Conflict:
            form.add_error(
                None,
                _(
                    "Someone else saved this indicator while you were editing it: nothing of yours was saved. "
                    "Reload the page and try again."
                ),
            )
            return _page(request, form, project, indicator, status=409)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect(f"{project.get_absolute_url()}#indicator-{indicator.pk}")
    return _page(request, form, project, indicator)


@login_required
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("project__member"), pk=pk)
    project = _project(request, indicator.project.slug)
    if request.method == "POST":
        services.delete_indicator(actor=request.user, indicator=indicator, via="page")
        messages.success(request, _("The indicator and its values were removed."))
        return redirect(f"{project.get_absolute_url()}#indicators-title")
    values = indicator.values.count()
    return render(
        request, "projects/indicator_delete.html", {"indicator": indicator, "project": project, "values": values}
    )
