from django import forms
from django.utils.translation import gettext_lazy as _

from core.languages import column, language_codes, name_in_text

from .models import REPORT_MAX_LENGTH


class ReportForm(forms.Form):
    """The report's Markdown in each of the portal's languages, side by side."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language in language_codes():
            self.fields[column("body", language)] = forms.CharField(
                label=_("Report in %(language)s") % {"language": name_in_text(language)},
                required=False,
                max_length=REPORT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 24, "lang": language, "spellcheck": "true"}),
            )

    def bodies(self):
        return {language: self.cleaned_data[column("body", language)] for language in language_codes()}
