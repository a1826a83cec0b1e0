"""Published results (công bố kết quả Chỉ số CCHC): frozen snapshots that public pages read.

A publication is a version of one year's results; publishing again after a correction adds a
version, and earlier versions stay viewable. Years before the application (the province's earlier
decisions) are imported as historical publications: only the figures that were published (index,
rank), with their source.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models import AssessmentPeriod
from parindex.catalog.models import Unit, UnitLevel
from parindex.core.text import collation_key


class Publication(models.Model):
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("kỳ đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    published_at = models.DateTimeField(_("thời điểm công bố"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do công bố lại"), blank=True)
    # The decision approving the results (số, ngày, người ký), when the admin knows it at
    # publication: the documents show blanks to fill by hand otherwise.
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_by = models.CharField(_("thẩm quyền ban hành quyết định"), max_length=200, blank=True)
    decision_signer = models.CharField(_("người ký quyết định"), max_length=150, blank=True)
    decision_signer_position = models.CharField(
        _("chức vụ người ký quyết định"), max_length=150, blank=True
    )
    # The year's report as a PDF/A, rendered once and kept in the default storage
    # (stored_documents.py); empty until then.
    report_pdf = models.FileField(_("báo cáo PDF đã lưu"), max_length=200, blank=True)
    # The stored file's fingerprint, to recognise a copy; who signed it and when, when the
    # installation signs (core/signing.py).
    report_sha256 = models.CharField(_("mã băm SHA-256 của báo cáo"), max_length=64, blank=True)
    report_signer = models.CharField(_("người ký số báo cáo"), max_length=300, blank=True)
    report_signed_at = models.DateTimeField(_("thời điểm ký số báo cáo"), null=True, blank=True)
    # Historical years: the decision and where the figures were read.
    decision = models.CharField(_("quyết định công bố"), max_length=300, blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    historical = models.BooleanField(_("số liệu lịch sử"), default=False)

    class Meta:
        verbose_name = _("lần công bố kết quả")
        verbose_name_plural = _("lần công bố kết quả")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="publication_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("results:ranking", kwargs={"year": self.year})


class PublishedLevel(models.Model):
    """A level's block of a publication: how many units were ranked, the mean index, and the area
    averages of the level (for the public pages)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="levels", verbose_name=_("lần công bố")
    )
    level = models.ForeignKey(
        UnitLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp đơn vị")
    )
    # As published: levels are renamed and merged (the district level ended in 2025), and a
    # publication keeps the names it was made with, as it keeps the units'.
    level_name = models.CharField(_("tên cấp khi công bố"), max_length=200)
    units_ranked = models.PositiveIntegerField(_("số đơn vị được xếp hạng"))
    mean_index = models.DecimalField(
        _("chỉ số trung bình"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # [{"code", "title", "max", "mean_index"}] per area, from the level's criteria set.
    areas = models.JSONField(_("trung bình theo lĩnh vực"), default=list, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kết quả theo cấp")
        verbose_name_plural = _("kết quả theo cấp")
        ordering = ["publication", "level__order"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "level"], name="published_level_once")
        ]

    def __str__(self) -> str:
        return f"{self.publication} – {self.level}"


class PublishedResult(models.Model):
    """One unit's frozen result in a publication. Totals are the engine's (full precision);
    index and rank as published (index rounded to 2 decimals, half up)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="results", verbose_name=_("lần công bố")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="published_results", verbose_name=_("đơn vị")
    )
    level = models.ForeignKey(
        UnitLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp đơn vị")
    )
    unit_name = models.CharField(_("tên đơn vị khi công bố"), max_length=300)
    self_total = models.DecimalField(
        _("tổng điểm tự chấm"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    appraised_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    survey_points = models.DecimalField(
        _("điểm điều tra xã hội học"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    bonus = models.DecimalField(
        _("điểm thưởng"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    penalty = models.DecimalField(
        _("điểm trừ"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    total = models.DecimalField(
        _("tổng điểm"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    index = models.DecimalField(_("chỉ số"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    classification = models.CharField(_("xếp loại"), max_length=100, blank=True)
    # Every node of the unit's criteria set in tree order: {"code", "title", "depth", "max",
    # "self", "round1", "final", "index", "comment"} (numbers as exact decimal strings).
    nodes = models.JSONField(_("kết quả theo tiêu chí"), default=list, blank=True)
    # The unit's scorecard as a PDF/A, rendered once and kept in the default storage.
    scorecard_pdf = models.FileField(_("phiếu kết quả PDF đã lưu"), max_length=200, blank=True)
    scorecard_sha256 = models.CharField(
        _("mã băm SHA-256 của phiếu kết quả"), max_length=64, blank=True
    )

    class Meta:
        verbose_name = _("kết quả đã công bố của đơn vị")
        verbose_name_plural = _("kết quả đã công bố của đơn vị")
        ordering = ["publication", "level__order", "rank", "unit_name"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "unit"], name="published_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} – {self.publication}"

    def ranking_key(self) -> tuple:
        """Ranked units first, by rank; ties in Vietnamese alphabetical order. Sorted in Python:
        databases disagree on where a missing rank goes and order names by code point."""
        return self.rank is None, self.rank or 0, collation_key(self.unit_name)


GIVEN_UP_AFTER = timedelta(minutes=10)


class PreviewWorkbook(models.Model):
    """The preview workbook of a period (preview.py) asked for by the lead or the admin: about a
    second for sixty units, too long for a request, so preview.build_preview_workbook builds it in
    the background, recording how many units' sheets are written; the page asks for progress
    and then offers the file. Kept until the same person asks again for the same period."""

    period = models.ForeignKey(
        AssessmentPeriod,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kỳ đánh giá"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    units_done = models.PositiveIntegerField(_("số đơn vị đã ghi"), default=0)
    # 0 until the results are computed and the number of units' sheets is known.
    units_total = models.PositiveIntegerField(_("số đơn vị"), default=0)
    file = models.FileField(_("tệp"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("bảng tính xem trước")
        verbose_name_plural = _("bảng tính xem trước")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.period} – {self.requested_at:%d/%m/%Y %H:%M}"

    @property
    def ready(self) -> bool:
        return self.finished_at is not None and not self.error

    @property
    def building(self) -> bool:
        """Waiting for the worker or being built; a request left unfinished for longer than
        a build can take (no worker running, a worker stopped) is given up, to be asked again."""
        return self.finished_at is None and self.requested_at > timezone.now() - GIVEN_UP_AFTER
