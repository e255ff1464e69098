from django.urls import URLPattern, URLResolver, path

from gongkai.disclosure_requests import views

app_name = "requests"

# Mounted at /staff/requests/. "new/" comes before "<number>/" and the letter and attachment paths
# before the generic "<number>/<action>/", which would otherwise swallow them.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<str:number>/", views.request_detail, name="detail"),
    path("<str:number>/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<str:number>/letters/new/", views.letter_draft, name="letter_draft"),
    path("<str:number>/letters/<int:pk>/", views.letter_edit, name="letter"),
    path("<str:number>/letters/<int:pk>/issue/", views.letter_issue, name="letter_issue"),
    path("<str:number>/letters/<int:pk>.docx", views.letter_download, {"fmt": "docx"}, name="letter_docx"),
    path("<str:number>/letters/<int:pk>.pdf", views.letter_download, {"fmt": "pdf"}, name="letter_pdf"),
    path("<str:number>/<slug:action>/", views.request_action, name="action"),
]
