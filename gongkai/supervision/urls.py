from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, path

from gongkai.supervision import views

app_name = "supervision"

# Mounted at /staff/supervision/.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", login_required(views.dashboard), name="dashboard"),
    path("export.xlsx", login_required(views.export_xlsx), name="export"),
]
