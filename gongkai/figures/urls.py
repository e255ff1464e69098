from django.urls import URLPattern, URLResolver, path

from gongkai.figures import views

app_name = "figures"

# Mounted at /staff/figures/.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.figures_list, name="list"),
    path("import/", views.figures_import, name="import"),
    path("template.csv", views.figures_template, name="template"),
    path("<str:code>/<int:year>/", views.figures_edit, name="edit"),
]
