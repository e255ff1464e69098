from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from gongkai.catalogue.feeds import CatalogueFeed
from gongkai.catalogue.sitemaps import SITEMAPS
from gongkai.portal import catalogue_views as public
from gongkai.portal import report_views, views
from gongkai.portal.converters import IndexNumberConverter

app_name = "portal"

register_converter(IndexNumberConverter, "index")

urlpatterns = [
    path("", public.home, name="home"),
    path("guide/", public.guide, name="guide"),
    path("agencies/", views.agency_directory, name="agency_directory"),
    path("agencies/<str:code>/guide/", public.agency_guide, name="agency_guide"),
    path("agencies/<str:code>/catalogue/", public.catalogue_browse, name="agency_catalogue"),
    path("agencies/<str:code>/statutory/", public.statutory, name="agency_statutory"),
    path(
        "agencies/<str:code>/statutory/<int:category>/",
        public.statutory_category,
        name="agency_statutory_category",
    ),
    path("agencies/<str:code>/reports/", report_views.annual_reports, name="agency_reports"),
    path("agencies/<str:code>/feed/", CatalogueFeed(), name="agency_feed"),
    path("agencies/<str:code>/apply/", views.apply_form, name="apply_form"),
    path("catalogue/", public.catalogue_browse, name="catalogue"),
    path("catalogue/<index:index_number>/", public.item_detail, name="item"),
    path(
        "catalogue/<index:index_number>/attachments/<int:attachment_id>/",
        public.attachment_download,
        name="attachment",
    ),
    path("statutory/", public.statutory, name="statutory"),
    path("statutory/<int:category>/", public.statutory_category, name="statutory_category"),
    path("reports/", report_views.annual_reports, name="reports"),
    path("reports/<str:code>/<int:year>/", report_views.annual_report, name="annual_report"),
    path(
        "reports/<str:code>/<int:year>/download/<str:kind>/",
        report_views.annual_report_download,
        name="annual_report_download",
    ),
    path("feed/", CatalogueFeed(), name="feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("apply/", views.apply_choose, name="apply"),
    path("apply/submitted/", views.apply_done, name="apply_done"),
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/<str:number>/", views.lookup_detail, name="lookup_detail"),
    path("lookup/<str:number>/letters/<int:letter_id>.<str:fmt>", views.lookup_letter, name="lookup_letter"),
]
