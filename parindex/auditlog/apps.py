from django.apps import AppConfig


class AuditlogConfig(AppConfig):
    name = "parindex.auditlog"
    verbose_name = "Nhật ký thay đổi"
