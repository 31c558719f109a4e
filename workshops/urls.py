from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("<slug:slug>/", views.workshop_detail, name="detail"),
]
