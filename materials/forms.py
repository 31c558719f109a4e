from django import forms
from django.utils.translation import gettext_lazy as _

from core.languages import choices_offered_by


class PresentationForm(forms.Form):
    """A speaker's own presentation for one of their slots."""

    speaker = forms.IntegerField(widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language of the file"))
    file = forms.FileField(
        label=_("Presentation"),
        help_text=_("PDF, PowerPoint, Word, Excel, OpenDocument, PNG or JPEG; at most 50 MB."),
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        # One of the workshop's languages.
        self.fields["language"].choices = choices_offered_by(workshop)
