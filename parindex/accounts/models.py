from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.core.text import fold, nfc


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    UNIT_OFFICER = "unit_officer", _("Cán bộ đơn vị")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    APPRAISER = "appraiser", _("Thành viên Tổ thẩm định")
    APPRAISAL_LEAD = "appraisal_lead", _("Tổ trưởng Tổ thẩm định")


class AccountKind(models.TextChoices):
    """How the admin pages group accounts; derived from the role."""

    UNIT = "unit", _("Tài khoản đơn vị")
    APPRAISAL = "appraisal", _("Tài khoản thẩm định")
    SYSTEM = "system", _("Tài khoản hệ thống")


ROLES_BY_KIND = {
    AccountKind.UNIT: (Role.UNIT_OFFICER, Role.UNIT_HEAD),
    AccountKind.APPRAISAL: (Role.APPRAISER, Role.APPRAISAL_LEAD),
    AccountKind.SYSTEM: (Role.ADMIN,),
}


class UserQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> "UserQuerySet":
        return self.filter(role__in=ROLES_BY_KIND[AccountKind(kind)])

    def unit_heads(self) -> "UserQuerySet":
        """Active accounts of units' leaders (who sign a unit's documents)."""
        return self.filter(role=Role.UNIT_HEAD, is_active=True)

    def search(self, text: str) -> "UserQuerySet":
        key = fold(text)
        return self.filter(
            models.Q(search_key__contains=key) | models.Q(username__icontains=text.strip())
        )


class AppUserManager(UserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """An account. Belongs to at most one unit; an appraiser's unit is their member agency."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    job_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role, default=Role.UNIT_OFFICER)
    unit = models.ForeignKey(
        "catalog.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    search_key = models.CharField(max_length=400, editable=False, db_index=True, default="")

    objects = AppUserManager()

    REQUIRED_FIELDS = ["full_name", "email"]

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(unit__isnull=False),
                name="user_non_admin_has_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        self.search_key = fold(f"{self.full_name} {self.username} {self.email}")
        super().save(*args, **kwargs)

    @property
    def kind(self) -> AccountKind:
        return next(kind for kind, roles in ROLES_BY_KIND.items() if self.role in roles)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser
