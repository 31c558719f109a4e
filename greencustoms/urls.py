from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from accounts import views as account_views
from greencustoms.health import healthz
from participants import invitee_views
from website.views import surveys as survey_views
from website.views import workshops as website_views

admin.site.site_header = _("Green Customs Workshops — administration")
admin.site.site_title = _("Green Customs admin")
admin.site.index_title = _("Records")

urlpatterns = [
    path("", website_views.home, name="home"),
    path("workshops/", include("website.urls")),
    path("me/", include("website.me_urls")),
    path("invitations/answer/", invitee_views.invitation, name="invitation_answer"),
    path("invitations/<str:token>/", invitee_views.invitation_link, name="invitation"),
    path("surveys/<str:token>/", survey_views.survey_answer, name="survey_answer"),
    path("delegations/", include("console.focal_point_urls")),
    path("manage/", include("console.urls")),
    path("", include("documents.urls")),
    path("", include("materials.urls")),
    path("accounts/", include("allauth.urls")),
    # Before admin's own URLs: admin logs in through allauth (its rate limits and lockout).
    path("admin/login/", account_views.admin_login),
    path("admin/", admin.site.urls),
    # Django's set_language, at its usual address, keeping a logged-in person's choice.
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    # For the proxy and the monitoring: the database, the cache and the broker answer (greencustoms/health.py).
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (admin, a PDF, a feed reader): the portal's own.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True)),
]
