"""Smart City Action Plans (SCAPs): a member's vision, chosen focus areas, strategic targets and priority
projects. The 26 pilot cities wrote theirs in 2018; the plans are "living documents" that the member's
officers keep up to date, so every write is logged and the page shows when the plan last changed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core.dates import Precision, format_partial
from hub.core.models import Sourced
from hub.network.models import Member
from hub.projects.models import FOCUS_AREAS, focus_area_label

FOCUS_CODES = [code for code, _name in FOCUS_AREAS]
FOCUS_NAMES = dict(FOCUS_AREAS)


class ActionPlanQuerySet(models.QuerySet):
    def with_parts(self) -> ActionPlanQuerySet:
        """The plan with its member, targets (and their indicators) and priority projects: three queries."""
        return self.select_related("member", "member__country").prefetch_related(
            Prefetch("targets", queryset=StrategicTarget.objects.select_related("indicator", "indicator__project")),
            Prefetch("priority_projects", queryset=PriorityProject.objects.select_related("project")),
        )


class ActionPlan(Sourced):
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="action_plan", verbose_name=_("member")
    )
    title = models.CharField(_("title"), max_length=200, default="Smart City Action Plan")
    vision = models.TextField(_("vision"))
    # Codes of the ASEAN Smart Cities Framework's six focus areas the plan chose (FOCUS_AREAS' order).
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    focus_notes = models.TextField(
        _("the plan's own words on its focus areas"),
        blank=True,
        help_text=_("The focus areas as the plan names them, where they differ from the framework's."),
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["member__name"]
        verbose_name = _("Smart City Action Plan")
        verbose_name_plural = _("Smart City Action Plans")

    def __str__(self) -> str:
        return f"{self.title}: {self.member}"

    def clean(self):
        super().clean()
        if not isinstance(self.focus_areas, list) or any(code not in FOCUS_CODES for code in self.focus_areas):
            raise ValidationError({"focus_areas": _("Choose focus areas of the ASEAN Smart Cities Framework.")})
        if len(set(self.focus_areas)) != len(self.focus_areas):
            raise ValidationError({"focus_areas": _("A focus area is chosen once.")})
        self.focus_areas = [code for code in FOCUS_CODES if code in self.focus_areas]
        if bool(self.as_of) != bool(self.as_of_precision):
            raise ValidationError({"as_of": _("A date needs its precision (day, month or year).")})

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.member.slug])

    @property
    def focus_area_names(self) -> list[str]:
        """The plan's focus areas by name, in the active language."""
        return [focus_area_label(code) for code in self.focus_areas if code in FOCUS_NAMES]

    @property
    def as_of_display(self) -> str:
        return format_partial(self.as_of, self.as_of_precision)


class StrategicTarget(Sourced):
    """A measurable target of a plan, as the plan words it; ``value``/``unit``/``year`` where it gives them,
    and the project indicator that measures it where one does."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("target"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    indicator = models.ForeignKey(
        "projects.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_targets",
        verbose_name=_("indicator"),
    )

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("strategic target")
        verbose_name_plural = _("strategic targets")

    def __str__(self) -> str:
        return self.text[:120]

    def clean(self):
        super().clean()
        errors = {}
        if self.value is not None and not self.unit:
            errors["unit"] = _("A value needs its unit (e.g. %, km, households).")
        if self.unit and self.value is None:
            errors["value"] = _("A unit needs its value.")
        if self.year is not None and not 2000 <= self.year <= 2100:
            errors["year"] = _("Give a year between 2000 and 2100.")
        if self.indicator_id and self.plan_id and self.indicator.project.member_id != self.plan.member_id:
            errors["indicator"] = _("The indicator must belong to a project of this plan's member.")
        if errors:
            raise ValidationError(errors)


class PriorityProject(Sourced):
    """A priority project of a plan, titled as the plan gives it; linked to the catalogue's project where it
    is the same one."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="priority_projects", verbose_name=_("plan")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    overview = models.TextField(_("overview"), blank=True)
    support_required = models.TextField(_("support required"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_priorities",
        verbose_name=_("catalogue project"),
    )

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("priority project")
        verbose_name_plural = _("priority projects")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.project_id and self.plan_id and self.project.member_id != self.plan.member_id:
            raise ValidationError({"project": _("The project must be one of this plan's member.")})
