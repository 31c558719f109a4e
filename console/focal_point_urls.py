"""The focal point's pages, at /delegations/ (greencustoms.urls), named "delegations:…"."""

from django.urls import path

from .views import focal_point as views

app_name = "delegations"

urlpatterns = [
    path("", views.home, name="home"),
    path("letters/<int:letter_id>/", views.letter, name="letter"),
    path("<slug:slug>/", views.workshop, name="workshop"),
    path("<slug:slug>/<int:organisation_id>/", views.delegation, name="delegation"),
    path("<slug:slug>/<int:organisation_id>/letter/", views.upload_letter, name="upload_letter"),
    path(
        "<slug:slug>/<int:organisation_id>/nominations/<int:nomination_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
]
