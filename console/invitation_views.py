"""Console pages for a workshop's invitations: list with state, invite, CSV import, resend, revoke, remind."""

import datetime
import hashlib

from django import forms
from django.contrib import messages
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe
from django_countries import countries

from outbox.models import OutgoingEmail
from outbox.services import retry_failed_emails
from participants import invitations as invitation_services
from participants.invitation_csv import COLUMNS
from participants.invitations import InvitationError
from participants.models import Invitation
from participants.reminders import send_reminders_now

from .access import workshop_view

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "invitation-import"


def answer_by_field():
    return forms.DateField(
        label=gettext_lazy("Answer by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text=gettext_lazy(
            "Optional. The link stops working at the end of this day; by default, when the workshop starts."
        ),
    )


def expiry(workshop, answer_by):
    """The end of the chosen day in the workshop's zone, or None for the default (the workshop's start)."""
    if not answer_by:
        return None
    # The calendar's last day has no next one; a day that late is refused as after the workshop's start anyway.
    day_after = answer_by + datetime.timedelta(days=1) if answer_by < datetime.date.max else answer_by
    return datetime.datetime.combine(day_after, datetime.time.min, workshop.tzinfo)


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"), widget=forms.EmailInput(attrs={"class": "form-control"}))
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    organisation_name = forms.CharField(
        label=gettext_lazy("Organisation"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    country = forms.ChoiceField(
        label=gettext_lazy("Country"),
        choices=[("", "—"), *countries],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    answer_by = answer_by_field()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("Columns email, name, organisation, country; UTF-8; comma or semicolon separated."),
    )
    answer_by = answer_by_field()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def invitation_state(invitation, now):
    """One word for the organiser: the answer if there is one, else what became of the last email."""
    if invitation.status != Invitation.Status.PENDING:
        return invitation.status
    if invitation.is_expired(now):
        return "expired"
    return {OutgoingEmail.Status.SENDING: OutgoingEmail.Status.QUEUED}.get(
        invitation.email_status, invitation.email_status or OutgoingEmail.Status.QUEUED
    )


STATE_LABELS = {
    "queued": (gettext_lazy("Email queued"), "secondary"),
    "sent": (gettext_lazy("Email sent"), "info"),
    "failed": (gettext_lazy("Email failed"), "danger"),
    "accepted": (gettext_lazy("Accepted"), "success"),
    "declined": (gettext_lazy("Declined"), "warning"),
    "expired": (gettext_lazy("Expired"), "dark"),
    "revoked": (gettext_lazy("Revoked"), "dark"),
}


def workshop_emails(workshop):
    return OutgoingEmail.objects.filter(Q(invitation__workshop=workshop) | Q(registration__workshop=workshop))


@workshop_view()
@require_safe
def invitation_list(request, workshop):
    now = timezone.now()
    last_email = OutgoingEmail.objects.filter(invitation=OuterRef("pk")).order_by("-created_at", "-pk")
    invitations = list(
        Invitation.objects.filter(workshop=workshop)
        .annotate(email_status=Subquery(last_email.values("status")[:1]))
        .select_related("registration")
        .order_by("name", "pk")
    )
    counts = dict.fromkeys(STATE_LABELS, 0)
    for invitation in invitations:
        invitation.state = invitation_state(invitation, now)
        invitation.state_label, invitation.state_colour = STATE_LABELS[invitation.state]
        counts[invitation.state] += 1
    context = {
        "workshop": workshop,
        "section": "invitations",
        "invitations": invitations,
        "counts": [(STATE_LABELS[state][0], STATE_LABELS[state][1], n) for state, n in counts.items() if n],
        "failed_emails": workshop_emails(workshop).filter(status=OutgoingEmail.Status.FAILED).count(),
        "form": InviteForm(),
    }
    return render(request, "console/invitations/list.html", context)


@workshop_view()
@require_POST
def invite(request, workshop):
    form = InviteForm(request.POST)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        expires_at = expiry(workshop, fields.pop("answer_by"))
        try:
            invitation_services.invite(
                workshop_id=workshop.pk, invited_by=request.user, expires_at=expires_at, **fields
            )
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
        digest = hashlib.sha256(data).hexdigest()
        if preview.ok:
            answer_by = form.cleaned_data["answer_by"]
            request.session[SESSION_KEY] = {
                "workshop": workshop.pk,
                "digest": digest,
                "data": data.decode("utf-8-sig"),
                "answer_by": answer_by.isoformat() if answer_by else None,
            }
        context = {"workshop": workshop, "section": "invitations", "form": form, "preview": preview, "digest": digest}
        return render(request, "console/invitations/upload.html", context)
    context = {"workshop": workshop, "section": "invitations", "form": form, "columns": COLUMNS}
    return render(request, "console/invitations/upload.html", context)


@workshop_view()
@require_POST
def invitation_import(request, workshop):
    """Step 2: import the file previewed in step 1, all or nothing."""
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["workshop"] != workshop.pk or pending["digest"] != request.POST.get("digest"):
        messages.error(request, _("Upload the file again: the preview you confirmed is no longer available."))
        return redirect("console:invitation_upload", slug=workshop.slug)
    try:
        answer_by = pending["answer_by"] and datetime.date.fromisoformat(pending["answer_by"])
        parsed = invitation_services.import_invitations(
            workshop_id=workshop.pk,
            data=pending["data"].encode(),
            invited_by=request.user,
            expires_at=expiry(workshop, answer_by),
        )
    except InvitationError as error:
        messages.error(request, error.message)
        return redirect("console:invitation_upload", slug=workshop.slug)
    del request.session[SESSION_KEY]
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
            invitation = service(workshop_id=workshop.pk, invitation_id=invitation_id)
        except InvitationError as error:
            messages.error(request, error.message)
        except Invitation.DoesNotExist as missing:
            raise Http404 from missing
        else:
            messages.success(request, success_message % {"email": invitation.email})
        return redirect("console:invitations", slug=workshop.slug)

    return view


resend = invitation_action(
    invitation_services.resend_invitation, gettext_lazy("Invitation to %(email)s sent again with a new link.")
)
revoke = invitation_action(
    invitation_services.revoke_invitation, gettext_lazy("Invitation to %(email)s revoked; its link no longer works.")
)


@workshop_view()
@require_POST
def remind_unanswered(request, workshop):
    count = invitation_services.remind_unanswered(workshop_id=workshop.pk)
    messages.success(
        request,
        ngettext(
            "%(count)d person who has not answered was reminded.",
            "%(count)d people who have not answered were reminded.",
            count,
        )
        % {"count": count},
    )
    return redirect("console:invitations", slug=workshop.slug)


@workshop_view()
@require_POST
def remind_now(request, workshop):
    count = send_reminders_now(workshop_id=workshop.pk)
    messages.success(
        request, ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", count) % {"count": count}
    )
    return redirect("console:invitations", slug=workshop.slug)


@workshop_view()
@require_POST
def retry_failed(request, workshop):
    count = retry_failed_emails(emails=workshop_emails(workshop))
    messages.success(
        request,
        ngettext("%(count)d failed email queued again.", "%(count)d failed emails queued again.", count)
        % {"count": count},
    )
    return redirect("console:invitations", slug=workshop.slug)
