from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PresentationForm(forms.Form):
    """A speaker's own presentation for one of their slots."""

    speaker = forms.IntegerField(widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language of the file"), choices=settings.LANGUAGES)
    file = forms.FileField(
        label=_("Presentation"),
        help_text=_("PDF, PowerPoint, Word, Excel, OpenDocument, PNG or JPEG; at most 50 MB."),
    )
