"""Periodic PAR reports (báo cáo CCHC định kỳ): templates, reporting periods, each unit's report,
its sections as typed and every version it was submitted as.

What a unit types is stored as typed (text, per indicator key), so that nothing is lost when a
value is refused; `values.py` reads it, and only a report whose values all read can be submitted.
"""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models import Evidence
from parindex.catalog.models import Unit, UnitLevel

from .spec import Kind, TemplateSpec, parse_template

KIND_LABELS = {
    Kind.Q1: _("Quý I"),
    Kind.HALF_YEAR: _("6 tháng"),
    Kind.Q3: _("Quý III"),
    Kind.YEAR: _("Năm"),
    Kind.TOPIC: _("Chuyên đề"),
}


class PeriodKind(models.TextChoices):
    Q1 = Kind.Q1.value, KIND_LABELS[Kind.Q1]
    HALF_YEAR = Kind.HALF_YEAR.value, KIND_LABELS[Kind.HALF_YEAR]
    Q3 = Kind.Q3.value, KIND_LABELS[Kind.Q3]
    YEAR = Kind.YEAR.value, KIND_LABELS[Kind.YEAR]
    TOPIC = Kind.TOPIC.value, KIND_LABELS[Kind.TOPIC]


class ReportTemplate(models.Model):
    """One year's form of a report (mẫu báo cáo): its `parindex.report-template/1` document.
    Frozen once a period uses it; the next year starts from a clone."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        IN_USE = "in_use", _("Đang áp dụng")

    code = models.SlugField(_("mã mẫu"), max_length=64)
    title = models.CharField(_("tên mẫu báo cáo"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    levels = models.ManyToManyField(
        UnitLevel, verbose_name=_("cấp đơn vị báo cáo"), related_name="+"
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    illustrative = models.BooleanField(_("bản minh họa"), default=False)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status, default=Status.DRAFT)
    # The whole template in the format's mapping (numbers as exact text): one representation,
    # read by spec.parse_template like an imported file.
    document = models.JSONField(_("nội dung mẫu"))
    cloned_from = models.ForeignKey(
        "self", verbose_name=_("sao chép từ"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="one_report_template_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("reports:template", kwargs={"pk": self.pk})

    @cached_property
    def spec(self) -> TemplateSpec:
        return parse_template(self.document)

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.IN_USE


class ReportingPeriod(models.Model):
    """A round of reports (kỳ báo cáo): its template, the data window, the province's internal
    deadline (a date in Vietnam, to the end of that day) and the units that report."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Chưa mở")
        OPEN = "open", _("Đang nhận báo cáo")

    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("mẫu báo cáo"),
        on_delete=models.PROTECT,
        related_name="periods",
    )
    kind = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodKind)
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kỳ báo cáo"), max_length=300)
    window_starts = models.DateField(_("số liệu từ ngày"))
    window_ends = models.DateField(_("số liệu đến ngày"))
    deadline = models.DateField(_("hạn nộp"))
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị báo cáo"), related_name="+")
    state = models.CharField(_("trạng thái"), max_length=8, choices=State, default=State.DRAFT)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "-deadline", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_starts__lte=models.F("window_ends")),
                name="report_window_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:period", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class UnitReportQuerySet(models.QuerySet):
    def with_context(self) -> "UnitReportQuerySet":
        return self.select_related("period__template", "unit__level")

    def for_period(self, period: ReportingPeriod) -> "UnitReportQuerySet":
        return self.filter(period=period)

    def for_unit(self, unit_id: int) -> "UnitReportQuerySet":
        return self.filter(unit_id=unit_id)

    def submitted(self) -> "UnitReportQuerySet":
        return self.filter(state=UnitReport.State.SUBMITTED)


class UnitReport(models.Model):
    """One unit's report for one period. `first_submitted_at` is set once and never changes:
    it is what timeliness counts."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Bị trả lại")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=State, default=State.DRAFT)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    extended_until = models.DateField(_("gia hạn đến hết ngày"), null=True, blank=True)
    extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    last_activity_at = models.DateTimeField(_("hoạt động gần nhất"), null=True, blank=True)
    # The province's last reminder (in the app; by email once notifications exist).
    reminded_at = models.DateTimeField(_("nhắc nộp lúc"), null=True, blank=True)

    objects = UnitReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "unit__level__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_report_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED

    @property
    def due(self):
        """The day this unit's report is due: its extension, else the period's deadline."""
        return self.extended_until or self.period.deadline


class ReportSection(models.Model):
    """What the unit typed in one section: the narrative and the indicators' values as typed
    (indicator key → text). Saved on its own with a version, so two people filling different
    sections never collide and two filling the same one never overwrite each other silently."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("mã phần"), max_length=64)
    narrative = models.TextField(_("nội dung báo cáo"), blank=True)
    values = models.JSONField(_("số liệu"), default=dict)
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phần báo cáo")
        verbose_name_plural = _("phần báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="one_row_per_report_section")
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.code}"


class ReportAttachment(models.Model):
    """A document of the unit's evidence library attached to one section of its report: the
    library keeps the document and its file versions; the report only points at it."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="attachments")
    section = models.CharField(_("mã phần"), max_length=64)
    evidence = models.ForeignKey(
        Evidence, verbose_name=_("tài liệu"), on_delete=models.PROTECT, related_name="+"
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đính kèm"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attached_at = models.DateTimeField(_("đính kèm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu đính kèm báo cáo")
        verbose_name_plural = _("tài liệu đính kèm báo cáo")
        ordering = ["report", "section", "attached_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section", "evidence"], name="one_attachment_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.section}: {self.evidence}"


class ReportVersion(models.Model):
    """The report as submitted once: every submission is kept and stays viewable; a return
    writes its reason on the version it returns."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần nộp"))
    # Section code → {"narrative": text, "values": {key: text}}.
    content = models.JSONField(_("nội dung"))
    submitted_at = models.DateTimeField(_("nộp lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField(_("nộp muộn"), default=False)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("lần nộp báo cáo")
        verbose_name_plural = _("lần nộp báo cáo")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.number}"
