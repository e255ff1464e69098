from django.urls import URLPattern, URLResolver

app_name = "catalogue_import"
urlpatterns: list[URLPattern | URLResolver] = []
