from django.urls import path

from .views import me as views
from .views import travel

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
    path("travel/", travel.my_travel, name="my_travel"),
    path("travel/<slug:slug>/", travel.my_trip, name="my_trip"),
    path("travel/<slug:slug>/claim/", travel.my_trip_claim, name="my_trip_claim"),
    path("travel/<slug:slug>/ticket/", travel.my_ticket, name="my_ticket"),
    path("travel/<slug:slug>/letter/", travel.my_travel_letter, name="my_travel_letter"),
]
