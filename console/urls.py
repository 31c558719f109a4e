from django.urls import path

from .views import invitations, organisations, programme, registrations, timeline, workshops

app_name = "console"

urlpatterns = [
    path("", workshops.workshop_list, name="workshop_list"),
    path("new/", workshops.workshop_create, name="workshop_create"),
    # "organisations" is among the slugs a workshop cannot take (workshops.services.RESERVED_SLUGS).
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/merge/", organisations.organisation_merge, name="organisation_merge"),
    path("organisations/<int:organisation_id>/review/", organisations.organisation_review, name="organisation_review"),
    path("<slug:slug>/", workshops.dashboard, name="dashboard"),
    path("<slug:slug>/edit/", workshops.workshop_edit, name="workshop_edit"),
    path("<slug:slug>/publish/", workshops.workshop_publish, name="workshop_publish"),
    path("<slug:slug>/unpublish/", workshops.workshop_unpublish, name="workshop_unpublish"),
    path("<slug:slug>/cancel/", workshops.workshop_cancel, name="workshop_cancel"),
    path("<slug:slug>/duplicate/", workshops.workshop_duplicate, name="workshop_duplicate"),
    path("<slug:slug>/programme/", programme.programme, name="programme"),
    path("<slug:slug>/programme/sessions/new/", programme.session_create, name="session_create"),
    path("<slug:slug>/programme/sessions/<int:session_id>/", programme.session_edit, name="session_edit"),
    path("<slug:slug>/programme/sessions/<int:session_id>/delete/", programme.session_delete, name="session_delete"),
    path("<slug:slug>/programme/sessions/<int:session_id>/move/", programme.session_move, name="session_move"),
    path(
        "<slug:slug>/programme/sessions/<int:session_id>/speakers/new/",
        programme.speaker_create,
        name="speaker_create",
    ),
    path("<slug:slug>/programme/speakers/<int:speaker_id>/", programme.speaker_edit, name="speaker_edit"),
    path("<slug:slug>/programme/speakers/<int:speaker_id>/delete/", programme.speaker_delete, name="speaker_delete"),
    path("<slug:slug>/programme/speakers/<int:speaker_id>/move/", programme.speaker_move, name="speaker_move"),
    path("<slug:slug>/registrations/", registrations.registrations, name="registrations"),
    path("<slug:slug>/registrations/decide/", registrations.registrations_decide, name="registrations_decide"),
    path("<slug:slug>/registrations/export.csv", registrations.registrations_export, name="registrations_export"),
    path("<slug:slug>/participants/print/", registrations.participant_list, name="participant_list"),
    path("<slug:slug>/check-in/", registrations.checkin, name="checkin"),
    path("<slug:slug>/check-in/<int:registration_id>/", registrations.checkin_attend, name="checkin_attend"),
    path("<slug:slug>/check-in/<int:registration_id>/undo/", registrations.checkin_undo, name="checkin_undo"),
    path("<slug:slug>/invitations/", invitations.invitation_list, name="invitations"),
    path("<slug:slug>/timeline/", timeline.workshop_timeline, name="timeline"),
    path("<slug:slug>/invitations/invite/", invitations.invite, name="invite"),
    path("<slug:slug>/invitations/upload/", invitations.invitation_upload, name="invitation_upload"),
    path("<slug:slug>/invitations/import/", invitations.invitation_import, name="invitation_import"),
    path("<slug:slug>/invitations/<int:invitation_id>/resend/", invitations.resend, name="invitation_resend"),
    path("<slug:slug>/invitations/<int:invitation_id>/revoke/", invitations.revoke, name="invitation_revoke"),
    path("<slug:slug>/invitations/remind/", invitations.remind_unanswered, name="invitations_remind"),
    path("<slug:slug>/reminders/send-now/", invitations.remind_now, name="reminders_send_now"),
    path("<slug:slug>/emails/retry-failed/", invitations.retry_failed, name="emails_retry_failed"),
]
