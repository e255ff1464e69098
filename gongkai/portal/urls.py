from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_directory, name="agency_directory"),
    path("agencies/<str:code>/guide/", views.agency_guide, name="agency_guide"),
    path("agencies/<str:code>/apply/", views.apply_form, name="apply_form"),
    path("apply/", views.apply_choose, name="apply"),
    path("apply/submitted/", views.apply_done, name="apply_done"),
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/<str:number>/", views.lookup_detail, name="lookup_detail"),
    path("lookup/<str:number>/letters/<int:letter_id>.<str:fmt>", views.lookup_letter, name="lookup_letter"),
]
