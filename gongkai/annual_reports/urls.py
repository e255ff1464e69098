from django.urls import URLPattern, URLResolver, path

from gongkai.annual_reports import views

app_name = "annual_reports"

# Mounted at /staff/reports/.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.report_index, name="index"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/save/", views.report_save, name="save"),
    path("<int:pk>/export/<str:kind>/", views.report_export, name="export"),
    path("<int:pk>/<str:action>/", views.report_action, name="action"),
]
