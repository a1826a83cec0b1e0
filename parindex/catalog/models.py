from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parindex.core.text import collation_key, fold, nfc


class UnitLevel(models.Model):
    """A kind of unit with its own criteria set and ranking (sở/ban/ngành, huyện, xã ...)."""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên cấp"), max_length=200)
    ranking_group = models.CharField(
        _("khối xếp hạng"),
        max_length=100,
        blank=True,
        help_text=_("Các đơn vị cùng khối được xếp hạng chung. Để trống: khối riêng của cấp này."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("cấp đơn vị")
        verbose_name_plural = _("cấp đơn vị")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def ranking_block(self) -> str:
        return self.ranking_group or self.name


def reference_code(reference_id: str) -> str:
    """A unit's code from its id in the province's reference files ("dept.noi-vu" →
    "dept-noi-vu"): a code is a slug, and a slug has no dots."""
    return reference_id.replace(".", "-")


class UnitQuerySet(models.QuerySet):
    def active_in(self, year: int) -> "UnitQuerySet":
        return self.filter(
            Q(active_from_year__isnull=True) | Q(active_from_year__lte=year),
            Q(active_to_year__isnull=True) | Q(active_to_year__gte=year),
        )

    def search(self, text: str) -> "UnitQuerySet":
        key = fold(text)
        return self.filter(Q(search_key__contains=key) | Q(code__iexact=text.strip()))


class Unit(models.Model):
    """An agency or local government that is assessed (cơ quan, đơn vị; huyện, thị; xã, phường)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "so", _("Sở")
        BOARD = "ban", _("Ban, ngành")
        OFFICE = "van_phong", _("Văn phòng")
        INSPECTORATE = "thanh_tra", _("Thanh tra")
        CITY = "thanh_pho", _("Thành phố")
        TOWN = "thi_xa", _("Thị xã")
        DISTRICT = "huyen", _("Huyện")
        WARD = "phuong", _("Phường")
        COMMUNE = "xa", _("Xã")
        TOWNLET = "thi_tran", _("Thị trấn")
        OTHER = "khac", _("Khác")

    code = models.SlugField(_("mã đơn vị"), max_length=64, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    level = models.ForeignKey(
        UnitLevel, verbose_name=_("cấp"), on_delete=models.PROTECT, related_name="units"
    )
    kind = models.CharField(_("loại hình"), max_length=16, choices=Kind, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    admin_code = models.CharField(_("mã ĐVHC"), max_length=16, blank=True)
    active_from_year = models.PositiveSmallIntegerField(
        _("hoạt động từ năm"), null=True, blank=True
    )
    active_to_year = models.PositiveSmallIntegerField(_("hoạt động đến năm"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị tiền thân"),
        symmetrical=False,
        blank=True,
        related_name="successors",
    )
    lineage_note = models.TextField(
        _("ghi chú hình thành"),
        blank=True,
        help_text=_("Các đơn vị cũ hợp thành không có trong danh mục, căn cứ sắp xếp ..."),
    )
    search_key = models.CharField(max_length=400, editable=False, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["level__order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to_year__isnull=True)
                | Q(active_from_year__isnull=True)
                | Q(active_to_year__gte=models.F("active_from_year")),
                name="unit_active_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Keeping the stored text NFC and the search key in step is storage hygiene, not a rule.
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.search_key = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    def is_active_in(self, year: int) -> bool:
        return (self.active_from_year is None or self.active_from_year <= year) and (
            self.active_to_year is None or year <= self.active_to_year
        )

    def sort_key(self) -> tuple:
        """Units as the province lists them: by level, then in Vietnamese alphabetical order
        (lists sort with this in Python: the database orders names by code point, "Điện Biên"
        after "Xã ..."). Needs the level loaded."""
        return self.level.order, collation_key(self.name)


class Field(models.Model):
    """A PAR field (lĩnh vực): routes criteria to the appraisers of that field."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class CriteriaSetQuerySet(models.QuerySet):
    def for_level(self, level: UnitLevel) -> "CriteriaSetQuerySet":
        return self.filter(level=level)

    def in_use(self) -> "CriteriaSetQuerySet":
        return self.filter(status=CriteriaSet.Status.IN_USE)


class CriteriaSet(models.Model):
    """One level's criteria for one year (bộ tiêu chí). Frozen once in use."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        IN_USE = "in_use", _("Đang áp dụng")

    class NotApplicablePolicy(models.TextChoices):
        EXCLUDE = "exclude", _("Loại khỏi điểm tối đa")
        FULL_POINTS = "full_points", _("Tính đủ điểm tối đa")

    level = models.ForeignKey(
        UnitLevel, verbose_name=_("cấp"), on_delete=models.PROTECT, related_name="criteria_sets"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=500)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    illustrative = models.BooleanField(_("bản minh họa"), default=False)
    max_points = models.DecimalField(_("tổng điểm tối đa"), max_digits=9, decimal_places=4)
    not_applicable = models.CharField(
        _("cách tính tiêu chí không áp dụng"),
        max_length=16,
        choices=NotApplicablePolicy,
        default=NotApplicablePolicy.EXCLUDE,
    )
    # [{"label": "Tốt", "min": "90"}, ...] highest first; numbers kept as exact decimal strings.
    classification = models.JSONField(_("xếp loại"), default=list)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status, default=Status.DRAFT)
    cloned_from = models.ForeignKey(
        "self",
        verbose_name=_("sao chép từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clones",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["-year", "level__order", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "year", "version"], name="criteria_set_level_year_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("catalog:criteria_set", kwargs={"pk": self.pk})

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.IN_USE


class Criterion(models.Model):
    """A node of a criteria set's tree: area, criterion or scored sub-criterion (a leaf)."""

    class Method(models.TextChoices):
        SELF = "self", _("Tự chấm, thẩm định")
        APPRAISAL = "appraisal", _("Tổ thẩm định chấm")
        SURVEY = "survey", _("Điều tra xã hội học")

    class Evidence(models.TextChoices):
        REQUIRED = "required", _("Bắt buộc")
        OPTIONAL = "optional", _("Không bắt buộc")
        NONE = "none", _("Không cần")

    class SuggestFrom(models.TextChoices):
        PLANS = "plans.completion_rate", _("Tỷ lệ hoàn thành kế hoạch CCHC")
        REPORTS = "reports.on_time", _("Tỷ lệ báo cáo CCHC đúng hạn")

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tiêu chí cha"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("mã"), max_length=32)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.TextField(_("tên tiêu chí"))
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT
    )
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=9, decimal_places=4)
    method = models.CharField(_("phương thức chấm"), max_length=16, choices=Method, blank=True)
    evidence = models.CharField(
        _("tài liệu kiểm chứng"), max_length=16, choices=Evidence, blank=True
    )
    evidence_hint = models.TextField(_("gợi ý tài liệu kiểm chứng"), blank=True)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    not_applicable_allowed = models.BooleanField(_("được đánh dấu không áp dụng"), default=False)
    suggest_from = models.CharField(
        _("gợi ý từ dữ liệu hệ thống"), max_length=32, choices=SuggestFrom, blank=True
    )
    # The rule as in parindex.criteria/1 (kind + parameters), numbers as exact decimal strings.
    rule = models.JSONField(_("cách chấm"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_in_set")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_leaf(self) -> bool:
        return self.rule is not None
