from django.urls import URLPattern, URLResolver, path

from gongkai.assessments import views

app_name = "assessments"

# Mounted at /staff/assessments/. Every view is behind login_required.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("new", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/scheme/", views.scheme, name="scheme"),
    path("<int:pk>/scheme/save", views.scheme_save, name="scheme_save"),
    path("<int:pk>/indicators/add", views.indicator_add, name="indicator_add"),
    path("<int:pk>/indicators/<int:indicator_pk>/save", views.indicator_save, name="indicator_save"),
    path("<int:pk>/indicators/<int:indicator_pk>/remove", views.indicator_remove, name="indicator_remove"),
    path("<int:pk>/indicators/<int:indicator_pk>/scores/", views.manual, name="manual"),
    path("<int:pk>/publish", views.publish, name="publish"),
    path("<int:pk>/notice.docx", views.notice, name="notice"),
]
