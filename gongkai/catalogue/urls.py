from django.urls import URLPattern, URLResolver, path

from gongkai.catalogue import views

app_name = "catalogue"

# Mounted at /staff/catalogue/ (the bulk import lives at /staff/catalogue/import/).
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("from-request/<str:number>/", views.from_request, name="from_request"),
    path("guide/<str:code>/", views.guide_edit, name="guide"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"
    ),
    path("<int:pk>/<slug:action>/", views.item_action, name="action"),
]
