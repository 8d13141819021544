from django.urls import path

from . import views

app_name = "banners"

urlpatterns = [
    path("xem/", views.views, name="views"),
    path("live-<str:language>.json", views.live, name="live"),
    path("<str:token>/", views.click, name="click"),
]
