from django.urls import path

from .views import me, workshops

# The namespace names what the addresses show (/workshops/…), as templates and emails reverse them.
app_name = "workshops"

urlpatterns = [
    path("", workshops.workshop_list, name="list"),
    path("<slug:slug>/", workshops.workshop_detail, name="detail"),
    path("<slug:slug>/programme.ics", workshops.programme_calendar, name="programme_ics"),
    path("<slug:slug>/register/", me.register, name="register"),
]
