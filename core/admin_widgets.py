"""Admin forms whose every control has a name for assistive technology.

Django admin gives a split date/time field one <label> for two inputs, and the columns of a tabular inline no
<label> at all (the header is not tied to the cells): screen readers announce bare "edit text" and "combo box".
"""

from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms import MultiWidget
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

PART_NAMES = (_("date"), _("time"))


def name_controls(widget, label):
    """Give `widget` (and each part of a split one) an aria-label built from the field's label."""
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, MultiWidget):
        for part, part_name in zip(widget.widgets, PART_NAMES, strict=False):
            part.attrs["aria-label"] = f"{label} ({part_name})"
    else:
        widget.attrs["aria-label"] = str(label)


class NamedControlsMixin:
    """For a ModelAdmin or an inline: every form control it builds from a model field has an accessible name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            name_controls(formfield.widget, formfield.label)
        return formfield


class NamedInlineControlsMixin(NamedControlsMixin):
    """For a tabular inline: its fields, and each row's "Delete" box, have accessible names.

    A tabular inline shows help texts in its column headers, so the help text element Django's aria-describedby
    names does not exist: the help goes into the control's name, and the description is the inline's heading.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class NamedFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = str(_("Delete"))
                for field in form.fields.values():
                    if field.help_text:
                        field.widget.attrs["aria-label"] = f"{field.label}. {strip_tags(field.help_text)}"
                        field.widget.attrs["aria-describedby"] = f"{self.prefix}-heading"

        return NamedFormSet
