from django.urls import path

from . import views

app_name = "console"

urlpatterns = [
    path("", views.workshop_list, name="workshop_list"),
]
