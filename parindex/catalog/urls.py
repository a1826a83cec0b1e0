from django.urls import path

from .views import criteria, registry

app_name = "catalog"

urlpatterns = [
    path("levels/", registry.level_list, name="levels"),
    path("levels/new/", registry.level_edit, name="level_create"),
    path("levels/<int:pk>/", registry.level_edit, name="level_edit"),
    path("fields/", registry.field_list, name="fields"),
    path("fields/new/", registry.field_edit, name="field_create"),
    path("fields/<int:pk>/", registry.field_edit, name="field_edit"),
    path("units/", registry.unit_list, name="units"),
    path("units/new/", registry.unit_edit, name="unit_create"),
    path("units/<int:pk>/", registry.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", registry.unit_edit, name="unit_edit"),
    path("criteria/", criteria.criteria_set_list, name="criteria_sets"),
    path("criteria/compare/", criteria.compare, name="criteria_compare"),
    path("criteria/template.xlsx", criteria.blank_template, name="criteria_template"),
    path("criteria/import/", criteria.import_upload, name="criteria_import"),
    path("criteria/import/preview/", criteria.import_preview, name="criteria_import_preview"),
    path("criteria/<int:pk>/", criteria.criteria_set_detail, name="criteria_set"),
    path("criteria/<int:pk>/edit/", criteria.criteria_set_edit, name="criteria_set_edit"),
    path("criteria/<int:pk>/in-use/", criteria.put_in_use, name="criteria_set_in_use"),
    path("criteria/<int:pk>/clone/", criteria.clone, name="criteria_set_clone"),
    path(
        "criteria/<int:pk>/export.yaml", criteria.export, {"fmt": "yaml"}, name="criteria_set_yaml"
    ),
    path(
        "criteria/<int:pk>/export.xlsx", criteria.export, {"fmt": "xlsx"}, name="criteria_set_xlsx"
    ),
    path("criteria/<int:pk>/nodes/new/", criteria.node_edit, name="node_create"),
    path("criteria/<int:pk>/nodes/<int:node_pk>/", criteria.node_edit, name="node_edit"),
    path("criteria/<int:pk>/nodes/<int:node_pk>/delete/", criteria.node_delete, name="node_delete"),
]
