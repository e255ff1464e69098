from django.urls import URLPattern, URLResolver, path

from gongkai.catalogue import import_views

app_name = "catalogue_import"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", import_views.import_index, name="index"),
    path("template.csv", import_views.import_template, name="template"),
    path("<int:pk>/", import_views.import_detail, name="detail"),
    path("<int:pk>/progress", import_views.import_progress, name="progress"),
    path("<int:pk>/step", import_views.import_step, name="step"),
    path("<int:pk>/confirm", import_views.import_confirm, name="confirm"),
    path("<int:pk>/errors.csv", import_views.import_errors_csv, name="errors_csv"),
]
