from django.urls import URLPattern, URLResolver, path

from gongkai.legacy_import import views

app_name = "legacy_import"

# Mounted at /staff/history/.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.history_list, name="list"),
    path("upload/", views.history_upload, name="upload"),
    path("save/", views.history_save_view, name="save"),
    path("<int:pk>/", views.history_detail, name="detail"),
]
