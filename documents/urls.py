from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("certificates/<str:code>/", views.verify_certificate, name="verify_certificate"),
    path("me/registrations/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("me/registrations/<int:pk>/visa-letter/", views.visa_letter_request, name="visa_letter_request"),
    path("me/visa-letters/<int:pk>.pdf", views.visa_letter, name="visa_letter"),
]
