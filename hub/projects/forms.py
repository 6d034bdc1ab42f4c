"""Forms of the projects pages. They only parse and check input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.core.dates import PartialDate
from hub.core.forms import HiddenInitialBoundField
from hub.core.inputs import validate_web_address
from hub.core.models import Confidence
from hub.network.models import Member, Organisation
from hub.projects import policies
from hub.projects.models import FocusArea, Language, Project, ProjectStatus

PARTIAL_DATE_HELP = _("YYYY, YYYY-MM or YYYY-MM-DD: only as precise as you know it.")
_url = validate_web_address


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProjectForm(forms.Form):
    bound_field_class = HiddenInitialBoundField  # the opened-with values: hidden inputs without aria-*
    member = forms.ModelChoiceField(queryset=None, label=_("Member"), empty_label=_("Choose a member"))
    title = forms.CharField(label=_("Title"), max_length=200)
    local_title = forms.CharField(label=_("Title in the local language"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of summary and description"), choices=Language.choices, initial=Language.EN
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more of the six areas of the ASEAN Smart Cities Framework."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices, initial=ProjectStatus.PLANNING)
    start = forms.CharField(label=_("Start"), max_length=10, required=False, help_text=PARTIAL_DATE_HELP)
    end = forms.CharField(label=_("End"), max_length=10, required=False, help_text=PARTIAL_DATE_HELP)
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.order_by("name"),
        label=_("Partner organisations"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Organisations in the registry. Others go in the next field."),
    )
    partners_text = forms.CharField(label=_("Other partners"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    funding = forms.CharField(label=_("Funding"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: the address, then optionally a space and a label."),
    )
    sdgs = forms.CharField(
        label=_("Sustainable Development Goals"),
        max_length=60,
        required=False,
        help_text=_("Numbers from 1 to 17, separated by commas, e.g. 3, 11."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Web addresses the information comes from, one per line."),
    )
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices, initial=Confidence.MEDIUM)
    source_note = forms.CharField(label=_("Note on sources"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Model field -> form field, for messages the services give.
    FIELD_FOR = {"start_date": "start", "start_precision": "start", "end_date": "end", "end_precision": "end"}

    def __init__(self, *args, user=None, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        members = policies.members_for_new_projects(user)
        if project is not None:
            # The current member stays a choice even for someone who could not create projects there.
            members = Member.objects.filter(Q(pk__in=members.values("pk")) | Q(pk=project.member_id))
        self.fields["member"].queryset = members.select_related("country").order_by("name")
        self.fields["member"].label_from_instance = lambda m: f"{m.name} ({m.country.label})"
        if project is not None:
            # Each field also posts the value it was opened with, so that a save sends only what the
            # reader changed, and a save after someone else's keeps their changes (see views.project_edit).
            for name, field in self.fields.items():
                field.show_hidden_initial = name != "version"
        if project is None and not self.is_bound:
            only = list(self.fields["member"].queryset[:2])
            if len(only) == 1:  # a city officer: its member, chosen already
                self.initial.setdefault("member", only[0].pk)
        self.fields["focus_areas"].choices = [(fa.code, fa.label) for fa in FocusArea.objects.order_by("position")]

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        return {
            "member": project.member_id,
            "title": project.title,
            "local_title": project.local_title,
            "language": project.language,
            "summary": project.summary,
            "description": project.description,
            "focus_areas": [fa.code for fa in project.focus_areas.all()],
            "status": project.status,
            "start": project.start_display,
            "end": project.end_display,
            "partners": list(project.partners.all()),
            "partners_text": project.partners_text,
            "funding": project.funding,
            "links": "\n".join(f"{link['url']} {link.get('label', '')}".strip() for link in project.links),
            "sdgs": ", ".join(str(n) for n in project.sdgs),
            "sources": "\n".join(project.sources),
            "confidence": project.confidence,
            "source_note": project.source_note,
            "version": project.version,
        }

    def _partial(self, name: str) -> PartialDate | None:
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_start(self):
        self._partial("start")
        return self.cleaned_data["start"].strip()

    def clean_end(self):
        self._partial("end")
        return self.cleaned_data["end"].strip()

    def clean_links(self) -> list[dict[str, str]]:
        links, bad = [], []
        for line in _lines(self.cleaned_data["links"]):
            url, _sep, label = line.partition(" ")
            try:
                _url(url)
            except ValidationError:
                bad.append(url)
                continue
            links.append({"url": url, "label": label.strip()})
        if bad:
            raise ValidationError(_("Not a web address: %(urls)s") % {"urls": ", ".join(bad)})
        return links

    def clean_sdgs(self) -> list[int]:
        numbers = []
        for part in self.cleaned_data["sdgs"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 17:
                raise ValidationError(_("'%(value)s' is not an SDG number from 1 to 17.") % {"value": part})
            numbers.append(int(part))
        return sorted(set(numbers))

    def clean_sources(self) -> list[str]:
        sources = _lines(self.cleaned_data["sources"])
        bad = []
        for address in sources:
            try:
                _url(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(_("Not a web address: %(urls)s") % {"urls": ", ".join(bad)})
        return sources

    def service_data(self) -> dict[str, Any]:
        """The model values the services write (dates split into date and precision)."""
        from hub.projects.services import date_fields

        c = self.cleaned_data
        data = {
            name: c[name]
            for name in (
                "member",
                "title",
                "local_title",
                "language",
                "summary",
                "description",
                "status",
                "partners_text",
                "funding",
                "links",
                "sdgs",
                "sources",
                "confidence",
                "source_note",
            )
        }
        data.update(date_fields("start", c["start"]))
        data.update(date_fields("end", c["end"]))
        return data

    # Form field -> the model fields it writes (the rest write the field of the same name).
    MODEL_FIELDS = {"start": ("start_date", "start_precision"), "end": ("end_date", "end_precision")}

    def changed_service_data(self) -> dict[str, Any]:
        """Only the model values of the fields the reader changed (an edit form opened on a project)."""
        changed = set(self.changed_data)
        wanted = {m for name in changed for m in self.MODEL_FIELDS.get(name, (name,))}
        return {name: value for name, value in self.service_data().items() if name in wanted}

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for name, messages in exc.message_dict.items():
            field = self.FIELD_FOR.get(name, name)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Projects, indicator values, or both (one sheet each in an XLSX workbook)."),
    )
    member = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Only for this member"),
        empty_label=_("Any member I may edit"),
        help_text=_("Fills in the member where a row leaves it empty, and refuses rows of other members."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): report what would change, write nothing"), required=False, initial=True
    )

    MAX_BYTES = 5 * 1024 * 1024

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = policies.members_for_new_projects(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB; split it."))
        return upload
