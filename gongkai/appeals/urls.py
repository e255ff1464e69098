from django.urls import URLPattern, URLResolver, path

from gongkai.appeals import views

app_name = "appeals"

# Mounted at /staff/appeals/.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_new, name="new"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/decide/", views.appeal_decide, name="decide"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/close/", views.complaint_close, name="complaint_close"),
]
