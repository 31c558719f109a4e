from django.urls import path

from participants import views as participant_views

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("<slug:slug>/", views.workshop_detail, name="detail"),
    path("<slug:slug>/programme.ics", views.programme_calendar, name="programme_ics"),
    path("<slug:slug>/register/", participant_views.register, name="register"),
]
