from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("registrations/", views.my_registrations, name="my_registrations"),
    path("registrations/<int:pk>/cancel/", views.cancel_registration, name="cancel_registration"),
]
