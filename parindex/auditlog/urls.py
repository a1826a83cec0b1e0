"""The audit log's routes: the admin's, signed-in pages with English paths."""

from django.urls import path

from . import views

app_name = "auditlog"

urlpatterns = [
    path("", views.audit_log, name="list"),
    path("export.xlsx", views.audit_log_xlsx, name="export"),
]
