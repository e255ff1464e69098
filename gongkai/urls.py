from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from gongkai.api.views import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("gongkai.portal.urls")),
    path("staff/requests/", include("gongkai.disclosure_requests.urls")),
    path("staff/appeals/", include("gongkai.appeals.urls")),
    path("staff/catalogue/import/", include("gongkai.catalogue.import_urls")),
    path("staff/catalogue/", include("gongkai.catalogue.urls")),
    path("staff/figures/", include("gongkai.figures.urls")),
    path("staff/reports/", include("gongkai.annual_reports.urls")),
    path("staff/history/", include("gongkai.legacy_import.urls")),
    path("staff/supervision/", include("gongkai.supervision.urls")),
    path("staff/assessments/", include("gongkai.assessments.urls")),
    path("search/", include("gongkai.search.urls")),
    path("staff/", include("gongkai.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

admin.site.site_header = "gongkai 基础数据"
admin.site.site_title = "gongkai"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
