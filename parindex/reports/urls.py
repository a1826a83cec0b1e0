"""The periodic reports' routes: signed-in pages, English paths."""

from django.urls import path

from .views import admin, consolidation, filling

app_name = "reports"

urlpatterns = [
    # the province: templates and periods
    path("templates/", admin.template_list, name="templates"),
    path("templates/<int:pk>/", admin.template_detail, name="template"),
    path("templates/<int:pk>/export.yaml", admin.template_export, name="template_export"),
    path("periods/", admin.period_list, name="periods"),
    path("periods/new/", admin.period_create, name="period_create"),
    path("periods/<int:pk>/", consolidation.period_detail, name="period"),
    path("periods/<int:pk>/aggregates/", consolidation.period_aggregates, name="aggregates"),
    path("periods/<int:pk>/annex.xlsx", consolidation.annex, name="annex"),
    path("periods/<int:pk>/draft.docx", consolidation.draft, name="draft"),
    path("timeliness/<int:year>/", consolidation.timeliness, name="timeliness"),
    path("periods/<int:pk>/open/", admin.period_open, name="period_open"),
    path("periods/<int:pk>/remind/", admin.period_remind, name="period_remind"),
    # a unit's report
    path("mine/", filling.mine, name="mine"),
    path("<int:pk>/", filling.report_page, name="report"),
    path("<int:pk>/sections/<str:code>/", filling.section_save, name="section_save"),
    path("<int:pk>/sections/<str:code>/attachments/", filling.attach, name="attach"),
    path(
        "<int:pk>/sections/<str:code>/attachments/<int:evidence_pk>/remove/",
        filling.detach,
        name="detach",
    ),
    path("<int:pk>/submit/", filling.submit, name="submit"),
    path("<int:pk>/return/", filling.return_report, name="return"),
    path("<int:pk>/extend/", filling.extend, name="extend"),
    path("<int:pk>/versions/<int:number>/", filling.version_page, name="version"),
    path("<int:pk>/versions/<int:number>/pdf/", filling.version_pdf, name="version_pdf"),
]
