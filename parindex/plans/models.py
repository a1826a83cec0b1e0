"""PAR plans (kế hoạch CCHC): the province's and each unit's plan for a year, their tasks, the
dated progress updates of the tasks and the amendments made after issue."""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models import Evidence
from parindex.catalog.models import Field, Unit
from parindex.core.text import nfc


class PlanYear(models.Model):
    """What the admin sets for a year's plans: the day units must have issued their plan by
    (criterion 1.1.1) and whether the progress of every unit's plan is public."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    unit_deadline = models.DateField(_("hạn ban hành kế hoạch của đơn vị"), null=True, blank=True)
    is_public = models.BooleanField(_("công khai tiến độ"), default=False)
    # Moved by every change to the year's plans, tasks and progress (planning.touch): the key
    # under which the dashboard and the public page are kept, so none is served stale.
    changed_at = models.DateTimeField(_("thay đổi gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("năm kế hoạch")
        verbose_name_plural = _("năm kế hoạch")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


def plan_document_path(instance: "Plan", filename: str) -> str:
    # A random name, as evidence files: the user's file name is kept only as metadata.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"plans/{instance.year}/{uuid.uuid4().hex}{suffix}"


class Plan(models.Model):
    """A PAR plan of the province (no unit) or of one unit, for a year or part of it."""

    class Scope(models.TextChoices):
        YEAR = "year", _("Năm")
        SECOND_HALF = "second_half", _("6 tháng cuối năm")
        TERM = "term", _("Giai đoạn")

    class DocumentKind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch")
        DECISION = "decision", _("Quyết định ban hành Kế hoạch")

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        CLOSED = "closed", _("Đã kết thúc")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text=_("Để trống: kế hoạch của tỉnh."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    scope = models.CharField(_("phạm vi"), max_length=16, choices=Scope, default=Scope.YEAR)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    document_kind = models.CharField(
        _("loại văn bản"), max_length=16, choices=DocumentKind, default=DocumentKind.PLAN
    )
    reference_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    document = models.FileField(
        _("văn bản ban hành"), upload_to=plan_document_path, max_length=300, blank=True
    )
    deadline = models.DateField(_("hạn ban hành"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State, default=State.DRAFT)
    # The tasks as issued, kept when the plan is issued: amendments change the tasks, never this.
    baseline = models.JSONField(_("kế hoạch khi ban hành"), default=list, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch CCHC")
        verbose_name_plural = _("kế hoạch CCHC")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "scope"],
                condition=Q(unit__isnull=False),
                name="plan_one_per_unit_year_scope",
            ),
            models.UniqueConstraint(
                fields=["year", "scope"],
                condition=Q(unit__isnull=True),
                name="plan_one_province_per_year_scope",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        super().save(*args, **kwargs)

    @property
    def is_province(self) -> bool:
        return self.unit_id is None

    @property
    def is_issued(self) -> bool:
        return self.state != self.State.DRAFT


class PlanTaskQuerySet(models.QuerySet):
    def with_context(self) -> "PlanTaskQuerySet":
        return self.select_related("plan__unit", "field", "lead_unit", "carries")


class PlanTask(models.Model):
    """A task (nhiệm vụ) of a plan. A unit's task may carry down a province task."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks"
    )
    code = models.CharField(_("số thứ tự"), max_length=32)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT
    )
    content = models.TextField(_("nội dung nhiệm vụ"))
    product = models.CharField(_("sản phẩm"), max_length=500, blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_plan_tasks",
    )
    # Inside a unit: the office (phòng, bộ phận) that answers for the task.
    responsible_office = models.CharField(_("bộ phận chủ trì"), max_length=300, blank=True)
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="coordinated_plan_tasks"
    )
    due_on = models.DateField(_("thời hạn hoàn thành"))
    due_label = models.CharField(
        _("thời gian hoàn thành (như văn bản ghi)"), max_length=100, blank=True
    )
    budget = models.DecimalField(
        _("kinh phí (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=300, blank=True)
    counts = models.BooleanField(_("tính vào tỷ lệ hoàn thành"), default=True)
    weight = models.DecimalField(_("trọng số"), max_digits=5, decimal_places=2, default=Decimal(1))
    carries = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ của tỉnh được cụ thể hóa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_by",
    )
    cancelled = models.BooleanField(_("đã hủy"), default=False)
    # Cached from the updates for lists; the updates are what counts.
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    started = models.BooleanField(_("đã triển khai"), default=False)

    objects = PlanTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plan_task_code_in_plan"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="plan_task_weight_positive"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="plan_task_percent_max"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.content[:80]}"

    def save(self, *args, **kwargs):
        self.content = nfc(self.content)
        self.product = nfc(self.product)
        super().save(*args, **kwargs)

    @property
    def owner(self) -> Unit | None:
        """The unit that answers for the task: a unit plan's own unit, a province task's lead."""
        return self.plan.unit if self.plan.unit_id else self.lead_unit

    @property
    def owner_id(self) -> int | None:
        """The unit that answers for the task: a unit plan's own unit, a province task's lead."""
        return self.plan.unit_id if self.plan.unit_id else self.lead_unit_id


class ProgressUpdate(models.Model):
    """A dated report of progress on a task, by its lead unit or the admin. Append-only."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")

    task = models.ForeignKey(
        PlanTask, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="updates"
    )
    on = models.DateField(_("ngày báo cáo"))
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    note = models.TextField(_("ghi chú"), blank=True)
    evidence = models.ManyToManyField(
        Evidence, verbose_name=_("tài liệu"), blank=True, related_name="plan_updates"
    )
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["task", "-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} – {self.on:%d/%m/%Y}"


class Amendment(models.Model):
    """A change to an issued plan's task, with the document that decided it and why."""

    class Kind(models.TextChoices):
        ADD = "add", _("Bổ sung nhiệm vụ")
        CANCEL = "cancel", _("Hủy nhiệm vụ")
        RESCHEDULE = "reschedule", _("Điều chỉnh thời hạn")
        REASSIGN = "reassign", _("Điều chỉnh cơ quan chủ trì")

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="amendments"
    )
    task = models.ForeignKey(
        PlanTask, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="amendments"
    )
    kind = models.CharField(_("loại điều chỉnh"), max_length=16, choices=Kind)
    decision = models.CharField(_("văn bản quyết định điều chỉnh"), max_length=300)
    reason = models.TextField(_("lý do"))
    old = models.JSONField(_("trước"), null=True, blank=True)
    new = models.JSONField(_("sau"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("điều chỉnh kế hoạch")
        verbose_name_plural = _("điều chỉnh kế hoạch")
        ordering = ["plan", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.task.code}"
