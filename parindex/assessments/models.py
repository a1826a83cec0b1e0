"""Assessment periods, each unit's self-assessment (entries per leaf) and its evidence.

Deadlines are calendar dates in Vietnam; `deadlines.py` turns them into instants. Entries hold the
facts a rule asks for; the points come from the scoring engine (`scorecard.py`), and `self_points`
keeps the engine's last answer only so that lists and progress need no recomputation.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parindex.catalog.models import CriteriaSet, Criterion, Unit
from parindex.core.numbers import number_text
from parindex.core.text import nfc
from parindex.scoring import Entry as EngineEntry


class AssessmentPeriod(models.Model):
    """One year's round (kỳ đánh giá): the criteria set of each level, the units, the deadlines."""

    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    title = models.CharField(_("tên kỳ đánh giá"), max_length=300)
    criteria_sets = models.ManyToManyField(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), related_name="periods"
    )
    self_assessment_opens = models.DateField(_("bắt đầu tự đánh giá"))
    self_assessment_closes = models.DateField(_("hạn tự đánh giá"))
    appraisal_closes = models.DateField(_("hạn thẩm định"))
    explanation_closes = models.DateField(_("hạn giải trình"))
    final_appraisal_closes = models.DateField(_("hạn thẩm định lần cuối"))
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ đánh giá")
        verbose_name_plural = _("kỳ đánh giá")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(self_assessment_opens__lte=models.F("self_assessment_closes"))
                & Q(self_assessment_closes__lte=models.F("appraisal_closes"))
                & Q(appraisal_closes__lte=models.F("explanation_closes"))
                & Q(explanation_closes__lte=models.F("final_appraisal_closes")),
                name="period_deadlines_in_order",
            ),
            # The results, the public pages and the history are per year: one round a year.
            models.UniqueConstraint(fields=["year"], name="one_period_per_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:period", kwargs={"pk": self.pk})


class UnitAssessmentQuerySet(models.QuerySet):
    def with_context(self) -> "UnitAssessmentQuerySet":
        """With what every page of an assessment shows: its period, unit and criteria set."""
        return self.select_related("period", "unit", "criteria_set")

    def for_period(self, period: AssessmentPeriod) -> "UnitAssessmentQuerySet":
        return self.filter(period=period)

    def for_unit(self, unit_id: int) -> "UnitAssessmentQuerySet":
        return self.filter(unit_id=unit_id)

    def submitted(self) -> "UnitAssessmentQuerySet":
        return self.filter(state=UnitAssessment.State.SUBMITTED)


class UnitAssessment(models.Model):
    """A unit's part in a period: its criteria set, its self-assessment state and its entries."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang tự chấm")
        SUBMITTED = "submitted", _("Đã nộp")

    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assessments"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=State, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set by the admin when reopening one unit after the period's deadline (a Vietnam date).
    reopened_until = models.DateField(_("mở lại đến hết ngày"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("hoạt động gần nhất"), null=True, blank=True)
    # Kept by the scorecard after every save, for lists; the engine is the source of truth.
    entered_count = models.PositiveIntegerField(_("số tiêu chí đã chấm"), default=0)
    self_total = models.DecimalField(
        _("tổng điểm tự chấm"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    # Set by the appraisal when the team first scores one of the unit's items: from then on the
    # unit's answers are the ground the team's points stand on, and they are not reopened.
    appraisal_started_at = models.DateTimeField(_("bắt đầu thẩm định lúc"), null=True, blank=True)

    objects = UnitAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ tự đánh giá")
        verbose_name_plural = _("hồ sơ tự đánh giá")
        ordering = ["period", "unit__level__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_assessment_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:scorecard", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED


class RuleInputs(models.Model):
    """The facts a leaf's rule asks for (one of: a level, numerator and denominator, a count, a
    score) or "not applicable" with its reason; the scoring engine turns them into points. Shared
    by the unit's entries and the team's, which convert, store and audit them the same way."""

    INPUT_FIELDS = ("level", "numerator", "denominator", "count", "points")

    level = models.CharField(_("mức"), max_length=500, blank=True)
    numerator = models.DecimalField(
        _("tử số"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("mẫu số"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    count = models.PositiveIntegerField(_("số trường hợp"), null=True, blank=True)
    points = models.DecimalField(
        _("điểm chấm"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    not_applicable = models.BooleanField(_("không áp dụng"), default=False)
    not_applicable_reason = models.TextField(_("lý do không áp dụng"), blank=True)
    # Each concrete model declares its own version (with updated_by/at); `saving` relies on it.
    version: int

    class Meta:
        abstract = True

    def to_engine(self) -> EngineEntry:
        return EngineEntry(
            level=self.level or None,
            numerator=self.numerator,
            denominator=self.denominator,
            count=self.count,
            points=self.points,
            not_applicable=self.not_applicable,
            reason=self.not_applicable_reason,
        )

    @property
    def answered(self) -> bool:
        """Inputs, or not applicable; else the item is not scored yet."""
        return self.to_engine().answered

    @staticmethod
    def columns(entry: EngineEntry) -> dict:
        """The stored columns of the engine's reading of what was typed."""
        return {
            "level": entry.level or "",
            "numerator": entry.numerator,
            "denominator": entry.denominator,
            "count": entry.count,
            "points": entry.points,
            "not_applicable": entry.not_applicable,
            "not_applicable_reason": entry.reason if entry.not_applicable else "",
        }

    def audit_values(self, *extra: str) -> dict:
        """The inputs (and the `extra` fields) as the audit trail keeps them: exact number text,
        empty values left out."""
        names = (*self.INPUT_FIELDS, "not_applicable", "not_applicable_reason", *extra)
        values = {name: getattr(self, name) for name in names}
        return {
            name: number_text(value) if isinstance(value, Decimal) else value
            for name, value in values.items()
            if value not in (None, "", False)
        }


class Entry(RuleInputs):
    """What a unit entered for one leaf: the rule's inputs, N/A with its reason, an explanation.

    `version` grows with every save; a save that names an older version is refused (two people
    editing the same item never silently overwrite each other).
    """

    assessment = models.ForeignKey(
        UnitAssessment,
        verbose_name=_("hồ sơ tự đánh giá"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    explanation = models.TextField(_("giải trình"), blank=True)
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.ManyToManyField(
        "Evidence",
        verbose_name=_("tài liệu kiểm chứng"),
        through="EntryEvidence",
        related_name="entries",
        blank=True,
    )

    class Meta:
        verbose_name = _("kết quả tự chấm")
        verbose_name_plural = _("kết quả tự chấm")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_entry_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} – {self.assessment.unit}"


class Evidence(models.Model):
    """A document in a unit's evidence library (tài liệu kiểm chứng): an official reference, a file
    with its versions, or both; reusable across the unit's items and periods."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="evidence"
    )
    title = models.CharField(_("tên tài liệu"), max_length=500)
    reference_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=300, blank=True)
    summary = models.TextField(_("trích yếu"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        super().save(*args, **kwargs)


# The files a browser shows itself, in the page or a tab, instead of downloading them.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    # Never the user's file name: a random name under the unit, the extension only kept for tools.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{instance.evidence.unit_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """One version of an evidence document's file. Append-only: replacing adds a version."""

    evidence = models.ForeignKey(
        Evidence, verbose_name=_("tài liệu"), on_delete=models.PROTECT, related_name="files"
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tệp tài liệu kiểm chứng")
        verbose_name_plural = _("tệp tài liệu kiểm chứng")
        ordering = ["evidence", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "version"], name="evidence_file_version")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"

    @property
    def opens_inline(self) -> bool:
        """Shown in the browser (a PDF or an image) rather than downloaded (`files.serve`)."""
        return self.content_type in INLINE_TYPES


class EntryEvidence(models.Model):
    """Evidence attached to an entry, by whom and when."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="links")
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="links")
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "evidence"], name="evidence_linked_once")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.entry}"
