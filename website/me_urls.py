from django.urls import path

from .views import me as views

app_name = "participants"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("registrations/", views.my_registrations, name="my_registrations"),
    path("data/", views.my_data, name="my_data"),
    path("data.json", views.my_data_json, name="my_data_json"),
    path("delete/", views.delete_account, name="delete_account"),
    path("registrations/<int:pk>/cancel/", views.cancel_registration, name="cancel_registration"),
    path("registrations/<int:pk>/answers/", views.registration_answers, name="registration_answers"),
    path("check-in/<str:code>/", views.self_check_in, name="self_check_in"),
]
