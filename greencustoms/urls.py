from django.contrib import admin
from django.urls import include, path

from workshops import views as workshop_views

urlpatterns = [
    path("", workshop_views.home, name="home"),
    path("workshops/", include("workshops.urls")),
    path("invitations/", include("participants.urls")),
    path("manage/", include("console.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
