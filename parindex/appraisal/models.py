"""The appraisal of a period (thẩm định): the team and its assignments, the appraisers' entries in
two rounds, explanation requests (giải trình), survey points, and each unit's finalization.

Appraised points, like self points, come from the scoring engine: an appraiser enters the facts the
rule asks for and `appraised_points` keeps the engine's answer for lists only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models import (
    AssessmentPeriod,
    Evidence,
    EvidenceFile,
    RuleInputs,
    UnitAssessment,
)
from parindex.catalog.models import Criterion, Field, Unit


class TeamMember(models.Model):
    """An appraiser (or the lead) on a period's appraisal team (Tổ thẩm định), for their agency."""

    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.CASCADE,
        related_name="team",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên"),
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    added_at = models.DateTimeField(_("ngày thêm"), auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên Tổ thẩm định")
        verbose_name_plural = _("thành viên Tổ thẩm định")
        constraints = [models.UniqueConstraint(fields=["period", "user"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.period}"


class Assignment(models.Model):
    """A member agency appraises a field (lĩnh vực) of a period: for every unit, or only `units`."""

    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    agency = models.ForeignKey(
        Unit, verbose_name=_("cơ quan thẩm định"), on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="+"
    )
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("chỉ thẩm định các đơn vị"),
        blank=True,
        related_name="+",
        help_text=_("Để trống: mọi đơn vị của kỳ đánh giá."),
    )

    class Meta:
        verbose_name = _("phân công thẩm định")
        verbose_name_plural = _("phân công thẩm định")
        ordering = ["period", "field__order", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "agency", "field"], name="assignment_once_per_agency_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.field}"


class Round(models.IntegerChoices):
    FIRST = 1, _("Thẩm định lần 1")
    FINAL = 2, _("Thẩm định lần 2 (sau giải trình)")


class AppraisedEntry(RuleInputs):
    """An appraiser's answer for one leaf of a unit in one round: the rule's inputs and a comment.

    `version` grows with every save; a save naming an older version is refused (two appraisers
    never silently overwrite each other).
    """

    assessment = models.ForeignKey(
        UnitAssessment,
        verbose_name=_("hồ sơ đánh giá"),
        on_delete=models.CASCADE,
        related_name="appraised_entries",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("lần thẩm định"), choices=Round)
    comment = models.TextField(_("nhận xét của Tổ thẩm định"), blank=True)
    appraised_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kết quả thẩm định")
        verbose_name_plural = _("kết quả thẩm định")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion", "round"], name="one_appraisal_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} – {self.assessment.unit} ({self.round})"


class ExplanationRequest(models.Model):
    """The appraiser asks the unit to explain one item (giải trình); the unit answers with text and
    documents, and the unit head sends the answers (`UnitAppraisal.answers_sent_at`)."""

    assessment = models.ForeignKey(
        UnitAssessment,
        verbose_name=_("hồ sơ đánh giá"),
        on_delete=models.CASCADE,
        related_name="explanation_requests",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("nội dung yêu cầu giải trình"))
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField(_("nội dung giải trình"), blank=True)
    answered_at = models.DateTimeField(_("thời điểm giải trình"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giải trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.ManyToManyField(
        Evidence, verbose_name=_("tài liệu bổ sung"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("yêu cầu giải trình")
        verbose_name_plural = _("yêu cầu giải trình")
        ordering = ["assessment", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_explanation_request_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} – {self.assessment.unit}"


class SentDocument(models.Model):
    """A document as the unit sent it with an explanation: the file version it had when the unit
    head sent the answers (none for a reference without a file). The team reads this version; the
    unit's library may go on with newer ones."""

    request = models.ForeignKey(
        ExplanationRequest,
        verbose_name=_("yêu cầu giải trình"),
        on_delete=models.CASCADE,
        related_name="sent_documents",
    )
    evidence = models.ForeignKey(
        Evidence, verbose_name=_("tài liệu"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.ForeignKey(
        EvidenceFile,
        verbose_name=_("phiên bản tệp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tài liệu đã gửi kèm giải trình")
        verbose_name_plural = _("tài liệu đã gửi kèm giải trình")
        ordering = ["request", "evidence__title"]
        constraints = [
            models.UniqueConstraint(fields=["request", "evidence"], name="sent_document_once")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} – {self.request}"


class UnitAppraisal(models.Model):
    """A unit's appraisal as a whole: the answers sent by its head, and the lead's finalization."""

    assessment = models.OneToOneField(
        UnitAssessment,
        verbose_name=_("hồ sơ đánh giá"),
        on_delete=models.CASCADE,
        related_name="appraisal",
    )
    answers_sent_at = models.DateTimeField(_("thời điểm gửi giải trình"), null=True, blank=True)
    answers_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi giải trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finalized_at = models.DateTimeField(_("thời điểm hoàn tất"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hoàn tất"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept after every appraisal save, for lists; the engine is the source of truth.
    appraised_total = models.DecimalField(
        _("tổng điểm thẩm định"), max_digits=12, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("kết quả thẩm định của đơn vị")
        verbose_name_plural = _("kết quả thẩm định của đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(finalized_at__isnull=True) | Q(finalized_by__isnull=False),
                name="finalized_by_someone",
            )
        ]

    def __str__(self) -> str:
        return str(self.assessment)

    @property
    def is_finalized(self) -> bool:
        return self.finalized_at is not None


class SurveyImport(models.Model):
    """One import of the sociological survey's points (điều tra xã hội học) for a period; the latest
    replaces the previous one."""

    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.CASCADE,
        related_name="survey_imports",
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    row_count = models.PositiveIntegerField(_("số dòng"))
    imported_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lần nhập điểm điều tra xã hội học")
        verbose_name_plural = _("lần nhập điểm điều tra xã hội học")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} – {self.period}"


class SurveyScore(models.Model):
    """One unit's survey result on one `survey` leaf, in one import: the rule's inputs (points for a
    `manual` rule, numerator and denominator for `ratio_proportional`) and the engine's points."""

    survey_import = models.ForeignKey(
        SurveyImport,
        verbose_name=_("lần nhập"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    assessment = models.ForeignKey(
        UnitAssessment,
        verbose_name=_("hồ sơ đánh giá"),
        on_delete=models.CASCADE,
        related_name="survey_scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    numerator = models.DecimalField(
        _("tử số"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("mẫu số"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    points = models.DecimalField(
        _("điểm chấm"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    survey_points = models.DecimalField(_("điểm điều tra"), max_digits=12, decimal_places=6)

    class Meta:
        verbose_name = _("điểm điều tra xã hội học")
        verbose_name_plural = _("điểm điều tra xã hội học")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_import", "assessment", "criterion"], name="survey_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} – {self.assessment.unit}: {self.survey_points}"
