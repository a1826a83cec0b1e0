"""The annual report of a publication (content.py), asked for by the admin: built in the
background (building.build_annual_report) as a Word document and a PDF/A, with its progress, and
kept. The PDF is signed like the year's results when the installation signs (core/signing.py);
its SHA-256 is kept so that the public verification page recognises a copy."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.results.models import GIVEN_UP_AFTER, Publication


class AnnualReport(models.Model):
    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="annual_reports",
        verbose_name=_("lần công bố"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    # Parts of the report written (0 of 0 until its content is read).
    done = models.PositiveIntegerField(_("số phần đã ghi"), default=0)
    total = models.PositiveIntegerField(_("số phần"), default=0)
    docx = models.FileField(_("tệp Word"), max_length=200, blank=True)
    pdf = models.FileField(_("tệp PDF"), max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("mã băm SHA-256 của tệp PDF"), max_length=64, blank=True)
    pdf_signer = models.CharField(_("người ký số"), max_length=300, blank=True)
    pdf_signed_at = models.DateTimeField(_("thời điểm ký số"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("báo cáo Chỉ số CCHC hằng năm")
        verbose_name_plural = _("báo cáo Chỉ số CCHC hằng năm")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["pdf_sha256"], name="annual_report_sha256")]

    def __str__(self) -> str:
        return f"{self.publication} – {self.requested_at:%d/%m/%Y %H:%M}"

    @property
    def ready(self) -> bool:
        return self.finished_at is not None and not self.error

    @property
    def building(self) -> bool:
        """Waiting for the worker or being built; given up as a preview workbook is."""
        return self.finished_at is None and self.requested_at > timezone.now() - GIVEN_UP_AFTER
