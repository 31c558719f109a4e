from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.languages import column, name_in_text, text_attributes

from .models import FOLLOW_UP_MONTHS, REPORT_MAX_LENGTH, Survey
from .selectors import SEARCH_MAX_LENGTH


class ReportForm(forms.Form):
    """The report's Markdown in each of the workshop's `languages`, side by side."""

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for language in languages:
            self.fields[column("body", language)] = forms.CharField(
                label=_("Report in %(language)s") % {"language": name_in_text(language)},
                required=False,
                max_length=REPORT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", **text_attributes(language)}),
            )

    def bodies(self):
        return {language: self.cleaned_data[column("body", language)] for language in self.languages}


class SurveySettingsForm(forms.ModelForm):
    """When a survey closes, when it reminds, whether it is anonymous, and when a follow-up opens."""

    class Meta:
        model = Survey
        fields = ["closes_on", "remind_after_days", "anonymous", "months_after"]
        widgets = {"closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.purpose == Survey.Purpose.EVALUATION:
            del self.fields["months_after"]
        else:
            self.fields["months_after"].min_value = FOLLOW_UP_MONTHS[0]
            self.fields["months_after"].max_value = FOLLOW_UP_MONTHS[1]
            self.fields["months_after"].widget.attrs.update({"min": FOLLOW_UP_MONTHS[0], "max": FOLLOW_UP_MONTHS[1]})
            self.fields["months_after"].validators += [
                MinValueValidator(FOLLOW_UP_MONTHS[0]),
                MaxValueValidator(FOLLOW_UP_MONTHS[1]),
            ]
        if self.instance.opened_at:
            self.fields["anonymous"].disabled = True
            if "months_after" in self.fields:
                self.fields["months_after"].disabled = True


class SurveySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the written answers"), required=False, max_length=SEARCH_MAX_LENGTH)
