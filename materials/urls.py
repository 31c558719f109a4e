from django.urls import path

from . import views

app_name = "materials"

urlpatterns = [
    path("workshops/<slug:slug>/documents/all-<str:language>.zip", views.download_all, name="download_all"),
    path("workshops/<slug:slug>/documents/<int:material_id>/<str:language>/", views.download, name="download"),
    path("me/presentations/<slug:slug>/", views.presentations, name="presentations"),
]
