import datetime
import io

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .models import IMAGE_MAX_BYTES, IMAGE_MAX_SIDE, IMAGE_TYPES, Letterhead, VisaLetterRequest

# How far around the workshop an arrival or departure may be: visas are asked for the stay, not a holiday.
STAY_MARGIN = datetime.timedelta(days=7)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VisaLetterRequestForm(forms.ModelForm):
    class Meta:
        model = VisaLetterRequest
        fields = [
            "passport_name",
            "nationality",
            "date_of_birth",
            "passport_number",
            "passport_expires_on",
            "arrival_date",
            "departure_date",
        ]
        widgets = {
            name: DateInput() for name in ("date_of_birth", "passport_expires_on", "arrival_date", "departure_date")
        }
        help_texts = {
            "passport_name": _("Exactly as printed in your passport."),
            "passport_expires_on": _("Must still be valid after your departure."),
        }

    def __init__(self, *args, workshop, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.today = today
        for field in self.fields.values():
            field.required = True
        earliest, latest = workshop.start_date - STAY_MARGIN, workshop.end_date + STAY_MARGIN
        bounds = {
            "date_of_birth": (datetime.date(1900, 1, 1), today),
            "passport_expires_on": (today, today + datetime.timedelta(days=15 * 366)),
            "arrival_date": (earliest, latest),
            "departure_date": (earliest, latest),
        }
        for name, (low, high) in bounds.items():
            self.fields[name].widget.attrs.update(min=low.isoformat(), max=high.isoformat())
        self.bounds = bounds
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Ask for the letter"), css_class="btn-gc"))

    def clean(self):
        cleaned = super().clean()
        for name, (low, high) in self.bounds.items():
            value = cleaned.get(name)
            if value and not low <= value <= high:
                self.add_error(
                    name,
                    _("Give a date between %(low)s and %(high)s.") % {"low": low.isoformat(), "high": high.isoformat()},
                )
                cleaned.pop(name, None)
        arrival, departure = cleaned.get("arrival_date"), cleaned.get("departure_date")
        if arrival and departure and departure < arrival:
            self.add_error("departure_date", _("Departure cannot be before arrival."))
        expires = cleaned.get("passport_expires_on")
        if expires and departure and expires <= departure:
            self.add_error(
                "passport_expires_on",
                _("Your passport must be valid after your departure. Renew it first, then ask for the letter."),
            )
        return cleaned


def checked_image(upload):
    """(bytes, mimetype) of an uploaded PNG or JPEG, checked by its content, never by its name.

    Its size in pixels is read from its header before anything is decoded (Image.open decodes nothing), so an
    image too large to draw is refused without being drawn."""
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(_("The image is larger than 1 MB: make it smaller and upload it again."))
    content = upload.read()
    too_large = ValidationError(
        _("The image is larger than %(side)d × %(side)d pixels: make it smaller and upload it again.")
        % {"side": IMAGE_MAX_SIDE}
    )
    try:
        with Image.open(io.BytesIO(content)) as image:
            if max(image.size) > IMAGE_MAX_SIDE:
                raise too_large
            image.verify()
            kind = (image.format or "").lower()
    except Image.DecompressionBombError as error:  # Pillow's own limit, far above ours, refuses it while opening
        raise too_large from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("This file is not a PNG or JPEG image.")) from error
    if kind not in IMAGE_TYPES:
        raise ValidationError(
            _("Only PNG and JPEG images are accepted (this one is %(kind)s).") % {"kind": kind or "?"}
        )
    return content, IMAGE_TYPES[kind]


class LetterheadForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label=_("Letterhead or logo image"),
        required=False,
        help_text=_("PNG or JPEG, 1 MB and 4000 × 4000 pixels at most."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the letterhead image"), required=False)
    signature_upload = forms.FileField(
        label=_("Signature image"), required=False, help_text=_("PNG or JPEG, 1 MB and 4000 × 4000 pixels at most.")
    )
    remove_signature = forms.BooleanField(label=_("Remove the signature image"), required=False)

    class Meta:
        model = Letterhead
        fields = ["signatory_name", "signatory_title", "document_symbol"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Save the letterhead"), css_class="btn-gc"))

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        return checked_image(upload) if upload else None

    def clean_signature_upload(self):
        upload = self.cleaned_data.get("signature_upload")
        return checked_image(upload) if upload else None

    def images(self):
        """{"logo"/"signature": (bytes, mimetype) or None to remove}, only for the images that change."""
        changes = {}
        for name in ("logo", "signature"):
            if self.cleaned_data.get(f"{name}_upload"):
                changes[name] = self.cleaned_data[f"{name}_upload"]
            elif self.cleaned_data.get(f"remove_{name}"):
                changes[name] = None
        return changes


class RefusalForm(forms.Form):
    reason = forms.CharField(label=_("Reason, for the participant"), max_length=500)
