from django.urls import path

from . import invitation_views, views

app_name = "console"

urlpatterns = [
    path("", views.workshop_list, name="workshop_list"),
    path("<slug:slug>/invitations/", invitation_views.invitation_list, name="invitations"),
    path("<slug:slug>/invitations/invite/", invitation_views.invite, name="invite"),
    path("<slug:slug>/invitations/upload/", invitation_views.invitation_upload, name="invitation_upload"),
    path("<slug:slug>/invitations/import/", invitation_views.invitation_import, name="invitation_import"),
    path("<slug:slug>/invitations/<int:invitation_id>/resend/", invitation_views.resend, name="invitation_resend"),
    path("<slug:slug>/invitations/<int:invitation_id>/revoke/", invitation_views.revoke, name="invitation_revoke"),
    path("<slug:slug>/invitations/remind/", invitation_views.remind_unanswered, name="invitations_remind"),
    path("<slug:slug>/reminders/send-now/", invitation_views.remind_now, name="reminders_send_now"),
    path("<slug:slug>/emails/retry-failed/", invitation_views.retry_failed, name="emails_retry_failed"),
]
