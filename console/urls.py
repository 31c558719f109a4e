from django.urls import path

from . import invitation_views, programme_views, registration_views, views

app_name = "console"

urlpatterns = [
    path("", views.workshop_list, name="workshop_list"),
    path("new/", views.workshop_create, name="workshop_create"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/edit/", views.workshop_edit, name="workshop_edit"),
    path("<slug:slug>/publish/", views.workshop_publish, name="workshop_publish"),
    path("<slug:slug>/unpublish/", views.workshop_unpublish, name="workshop_unpublish"),
    path("<slug:slug>/cancel/", views.workshop_cancel, name="workshop_cancel"),
    path("<slug:slug>/duplicate/", views.workshop_duplicate, name="workshop_duplicate"),
    path("<slug:slug>/programme/", programme_views.programme, name="programme"),
    path("<slug:slug>/programme/sessions/new/", programme_views.session_create, name="session_create"),
    path("<slug:slug>/programme/sessions/<int:session_id>/", programme_views.session_edit, name="session_edit"),
    path(
        "<slug:slug>/programme/sessions/<int:session_id>/delete/",
        programme_views.session_delete,
        name="session_delete",
    ),
    path("<slug:slug>/programme/sessions/<int:session_id>/move/", programme_views.session_move, name="session_move"),
    path(
        "<slug:slug>/programme/sessions/<int:session_id>/speakers/new/",
        programme_views.speaker_create,
        name="speaker_create",
    ),
    path("<slug:slug>/programme/speakers/<int:speaker_id>/", programme_views.speaker_edit, name="speaker_edit"),
    path(
        "<slug:slug>/programme/speakers/<int:speaker_id>/delete/",
        programme_views.speaker_delete,
        name="speaker_delete",
    ),
    path("<slug:slug>/programme/speakers/<int:speaker_id>/move/", programme_views.speaker_move, name="speaker_move"),
    path("<slug:slug>/registrations/", registration_views.registrations, name="registrations"),
    path("<slug:slug>/registrations/decide/", registration_views.registrations_decide, name="registrations_decide"),
    path("<slug:slug>/registrations/export.csv", registration_views.registrations_export, name="registrations_export"),
    path("<slug:slug>/participants/print/", registration_views.participant_list, name="participant_list"),
    path("<slug:slug>/check-in/", registration_views.checkin, name="checkin"),
    path("<slug:slug>/check-in/<int:registration_id>/", registration_views.checkin_attend, name="checkin_attend"),
    path("<slug:slug>/check-in/<int:registration_id>/undo/", registration_views.checkin_undo, name="checkin_undo"),
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
