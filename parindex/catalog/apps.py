from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "parindex.catalog"
    label = "catalog"
