"""The results' routes. Citizens' pages and files have Vietnamese paths under ket-qua/ (the
addresses people share and cite); the signed-in pages have English ones, as every other app's."""

from django.urls import path

from .views import admin, exports, public, verify, workbooks

app_name = "results"

urlpatterns = [
    # Public
    path("ket-qua/", public.index, name="index"),
    path("ket-qua/<int:year>/", public.ranking, name="ranking"),
    path("ket-qua/<int:year>/don-vi/<int:unit_pk>/", public.unit, name="unit"),
    *(
        path(
            f"ket-qua/<int:year>/du-lieu.{kind}",
            exports.open_data,
            {"kind": kind},
            name=f"data_{kind}",
        )
        for kind in exports.OPEN_DATA
    ),
    path("ket-qua/<int:year>/ket-qua.xlsx", exports.results_workbook, name="results_xlsx"),
    path("ket-qua/<int:year>/bao-cao.pdf", exports.results_pdf, name="results_pdf"),
    path("ket-qua/<int:year>/don-vi/<int:unit_pk>/phieu.pdf", exports.unit_pdf, name="unit_pdf"),
    path("ket-qua/kiem-tra-van-ban/", verify.verify, name="verify"),
    # Signed in: the lead and the admin
    path("results/periods/<int:period_pk>/", admin.preview, name="preview"),
    path("results/periods/<int:period_pk>/publish/", admin.publish, name="publish"),
    path(
        "results/periods/<int:period_pk>/preview-workbooks/",
        workbooks.request_preview_workbook,
        name="preview_workbook_request",
    ),
    path(
        "results/preview-workbooks/<int:pk>/",
        workbooks.preview_workbook,
        name="preview_workbook",
    ),
    path(
        "results/preview-workbooks/<int:pk>/download/",
        workbooks.download_preview_workbook,
        name="preview_workbook_download",
    ),
]
