"""Console pages for a workshop's invitations: list with state, invite, CSV import, resend, revoke, remind."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from console.access import workshop_view
from console.forms import InviteForm, UploadForm, answer_by_expiry
from outbox.models import OutgoingEmail
from outbox.services import retry_failed_emails
from participants import invitations as invitation_services
from participants.invitation_csv import COLUMNS
from participants.invitations import InvitationError
from participants.models import Invitation
from participants.reminders import send_reminders_now
from participants.selectors import invitations_with_state, seat_counts, workshop_emails
from workshops.models import Workshop

STATE_LABELS = {
    "queued": (gettext_lazy("Email queued"), "secondary"),
    "sent": (gettext_lazy("Email sent"), "info"),
    "failed": (gettext_lazy("Email failed"), "danger"),
    "accepted": (gettext_lazy("Accepted"), "success"),
    "declined": (gettext_lazy("Declined"), "warning"),
    "expired": (gettext_lazy("Expired"), "dark"),
    "revoked": (gettext_lazy("Revoked"), "dark"),
}


@workshop_view()
@require_safe
def invitation_list(request, workshop):
    invitations = invitations_with_state(workshop, timezone.now())
    counts = dict.fromkeys(STATE_LABELS, 0)
    for invitation in invitations:
        invitation.state_label, invitation.state_colour = STATE_LABELS[invitation.state]
        counts[invitation.state] += 1
    context = {
        "workshop": workshop,
        "section": "invitations",
        "invitations": invitations,
        "counts": [(STATE_LABELS[state][0], STATE_LABELS[state][1], n) for state, n in counts.items() if n],
        "failed_emails": workshop_emails(workshop).filter(status=OutgoingEmail.Status.FAILED).count(),
        "form": InviteForm(workshop=workshop),
    }
    return render(request, "console/invitations/list.html", context)


@workshop_view()
@require_POST
def invite(request, workshop):
    form = InviteForm(request.POST, workshop=workshop)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        expires_at = answer_by_expiry(workshop, fields.pop("answer_by"))
        try:
            invitation_services.invite(workshop_id=workshop.pk, actor=request.user, expires_at=expires_at, **fields)
        except InvitationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Invitation to %(email)s queued.") % {"email": form.cleaned_data["email"]})
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
    return redirect("console:invitations", slug=workshop.slug)


@workshop_view()
def invitation_upload(request, workshop):
    """Step 1: upload and see what would be imported. Nothing is written until the organiser confirms."""
    form = UploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        preview = invitation_services.preview_invitations(workshop=workshop, data=data)
        digest = None
        if preview.ok:
            digest = invitation_services.hold_invitation_file(
                workshop_id=workshop.pk, actor=request.user, data=data, answer_by=form.cleaned_data["answer_by"]
            )
        context = {"workshop": workshop, "section": "invitations", "form": form, "preview": preview, "digest": digest}
        return render(request, "console/invitations/upload.html", context)
    context = {"workshop": workshop, "section": "invitations", "form": form, "columns": COLUMNS}
    return render(request, "console/invitations/upload.html", context)


@workshop_view()
@require_POST
def invitation_import(request, workshop):
    """Step 2: import the file previewed in step 1, all or nothing."""
    held = invitation_services.take_held_invitation_file(
        workshop_id=workshop.pk, actor=request.user, digest=request.POST.get("digest", "")
    )
    if held is None:
        messages.error(request, _("Upload the file again: the preview you confirmed is no longer available."))
        return redirect("console:invitation_upload", slug=workshop.slug)
    try:
        parsed = invitation_services.import_invitations(
            workshop_id=workshop.pk,
            data=held.data.encode(),
            actor=request.user,
            expires_at=answer_by_expiry(workshop, held.answer_by),
        )
    except InvitationError as error:
        messages.error(request, error.message)
        return redirect("console:invitation_upload", slug=workshop.slug)
    if not parsed.ok:
        # The invitations changed between preview and confirmation (someone invited a person meanwhile).
        context = {"workshop": workshop, "section": "invitations", "form": UploadForm(), "preview": parsed}
        return render(request, "console/invitations/upload.html", context)
    count = len(parsed.rows)
    messages.success(
        request, ngettext("%(count)d invitation imported.", "%(count)d invitations imported.", count) % {"count": count}
    )
    return redirect("console:invitations", slug=workshop.slug)


def invitation_action(service, success_message):
    """A POST on one invitation of the workshop: run the service, report, go back to the list."""

    @workshop_view()
    @require_POST
    def view(request, workshop, invitation_id):
        try:
            invitation = service(workshop_id=workshop.pk, invitation_id=invitation_id, actor=request.user)
        except InvitationError as error:
            messages.error(request, error.message)
        except Invitation.DoesNotExist as missing:
            raise Http404 from missing
        else:
            messages.success(request, success_message % {"email": invitation.email})
        return redirect("console:invitations", slug=workshop.slug)

    return view


resend = invitation_action(
    invitation_services.resend_invitation, gettext_lazy("Invitation to %(email)s sent again, with the same link.")
)
revoke = invitation_action(
    invitation_services.revoke_invitation, gettext_lazy("Invitation to %(email)s revoked; its link no longer works.")
)


def confirm_then(request, workshop, *, title, recipients, button, send, done):
    """GET: a page saying how many people will be emailed; POST: send."""
    if request.method == "POST":
        count = send(workshop_id=workshop.pk, actor=request.user)
        messages.success(request, done(count) % {"count": count})
        return redirect("console:invitations", slug=workshop.slug)
    return render(
        request,
        "console/invitations/confirm_reminders.html",
        {
            "workshop": workshop,
            "section": "invitations",
            "title": title,
            "recipients": recipients,
            "button": button,
        },
    )


@workshop_view()
@require_http_methods(["GET", "POST"])
def remind_unanswered(request, workshop):
    unanswered = invitation_services.unanswered_invitations(workshop, timezone.now()).count()
    return confirm_then(
        request,
        workshop,
        title=_("Remind everyone who has not answered"),
        recipients=[
            ngettext(
                "%(count)d invited person who has not answered yet.",
                "%(count)d invited people who have not answered yet.",
                unanswered,
            )
            % {"count": unanswered}
        ],
        button=_("Email them now"),
        send=invitation_services.remind_unanswered,
        done=lambda count: ngettext(
            "%(count)d person who has not answered was reminded.",
            "%(count)d people who have not answered were reminded.",
            count,
        ),
    )


@workshop_view()
@require_http_methods(["GET", "POST"])
def remind_now(request, workshop):
    published = workshop.status == Workshop.Status.PUBLISHED
    confirmed = seat_counts(workshop).confirmed if published else 0
    unanswered = invitation_services.unanswered_invitations(workshop, timezone.now()).count() if published else 0
    return confirm_then(
        request,
        workshop,
        title=_("Send a reminder now"),
        recipients=[
            ngettext(
                "%(count)d confirmed participant, with the programme.",
                "%(count)d confirmed participants, with the programme.",
                confirmed,
            )
            % {"count": confirmed},
            ngettext(
                "%(count)d invited person who has not answered yet.",
                "%(count)d invited people who have not answered yet.",
                unanswered,
            )
            % {"count": unanswered},
        ],
        button=_("Email them now"),
        send=send_reminders_now,
        done=lambda count: ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", count),
    )


@workshop_view()
@require_POST
def retry_failed(request, workshop):
    count = retry_failed_emails(emails=workshop_emails(workshop), actor=request.user)
    # Rows left failed are invitation emails whose link cannot be issued again.
    left_failed = workshop_emails(workshop).filter(status=OutgoingEmail.Status.FAILED).count()
    if count or not left_failed:
        messages.success(
            request,
            ngettext("%(count)d failed email queued again.", "%(count)d failed emails queued again.", count)
            % {"count": count},
        )
    if left_failed:
        messages.warning(
            request,
            ngettext(
                "%(count)d invitation email was not sent again: its invitation has been answered, withdrawn or "
                "has expired. Invite the person again if they should still come.",
                "%(count)d invitation emails were not sent again: their invitations have been answered, withdrawn or "
                "have expired. Invite those people again if they should still come.",
                left_failed,
            )
            % {"count": left_failed},
        )
    return redirect("console:invitations", slug=workshop.slug)
