"""Keeping the list of organisations clean: the secretariat merges a near-duplicate into the organisation kept.

The merge moves every row that points at the merged organisation, whatever its model: it walks
`Organisation._meta.related_objects`, so a relation added later (delegation quotas, focal points, ...) moves too
without a change here. A row that would break a unique constraint once moved (the same workshop partner twice,
say) is a duplicate of a row the kept organisation already has: the kept row wins, the rows pointing at the
duplicate are moved onto it the same way, and the duplicate is deleted.
"""

from collections import Counter
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, UniqueConstraint
from django.utils.translation import gettext_lazy as _

from activity.models import Action
from activity.services import changes, log_action
from core.errors import DomainError
from core.languages import columns
from sessions.versions import workshops_with_speakers_of
from workshops.models import Organisation, OrganisationKind
from workshops.versions import (
    raise_content_version,
    raise_registrations_version,
    raises_versions,
    workshops_partnered_with,
)

from .models import Invitation
from .versions import workshops_registering_organisations

# Details the kept organisation takes from the merged one when it has none of its own (its name in a language
# it has no name in, too).
FILLED_IN_FIELDS = (*columns("name"), *columns("acronym"), "country", "wco_region", "website")


class OrganisationMergeError(DomainError):
    pass


def relations_to(model):
    """(model, field name) of every foreign key and one-to-one pointing at `model`, and of the link tables of the
    many-to-many relations that point at it."""
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            yield relation.through, relation.field.m2m_reverse_field_name()
        else:
            yield relation.related_model, relation.field.name


def unique_together_with(model, field_name):
    """(the other fields, the condition) of each uniqueness rule of `model` that includes `field_name`."""
    if model._meta.get_field(field_name).unique:
        yield (), None
    for fields in model._meta.unique_together:
        if field_name in fields:
            yield tuple(name for name in fields if name != field_name), None
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and field_name in constraint.fields:
            yield tuple(name for name in constraint.fields if name != field_name), constraint.condition


def move_references(*, source, target, moved, dropped):
    """Point every row that points at `source` at `target` instead (rows of any model, `source` and `target`
    being two rows of one model); count what moved and what was dropped as a duplicate, by model."""
    for model, field_name in relations_to(type(source)):
        rows = model._base_manager
        for other_fields, condition in unique_together_with(model, field_name):
            kept_rows = rows.filter(**{field_name: target})
            clashing = rows.filter(**{field_name: source})
            if condition is not None:
                kept_rows, clashing = kept_rows.filter(condition), clashing.filter(condition)
            clashing = clashing.filter(Exists(kept_rows.filter(**{name: OuterRef(name) for name in other_fields})))
            for duplicate in clashing:
                counterpart = kept_rows.get(**{name: getattr(duplicate, name) for name in other_fields})
                move_references(source=duplicate, target=counterpart, moved=moved, dropped=dropped)
                duplicate.delete()
                dropped[model._meta.label] += 1
        moved[model._meta.label] += rows.filter(**{field_name: source}).update(**{field_name: target})


def raise_organisations_versions(organisation_ids):
    """The versions of the workshops that show these organisations: as partners, beside speakers, beside
    registrants in the console."""
    raise_content_version(workshops_partnered_with(organisation_ids) | workshops_with_speakers_of(organisation_ids))
    raise_registrations_version(workshops_registering_organisations(organisation_ids))


@raises_versions
@transaction.atomic
def merge_organisations(*, keep_id, merge_id, actor):
    """Merge organisation `merge_id` into `keep_id`: everything that named the merged one names the kept one,
    the kept one fills its blanks from the merged one, and the merged one is deleted. Returns the kept one."""
    if keep_id == merge_id:
        raise OrganisationMergeError(_("Choose two different organisations: one to keep and one to merge into it."))
    locked = {row.pk: row for row in Organisation.objects.select_for_update().filter(pk__in=[keep_id, merge_id])}
    if len(locked) != 2:
        raise OrganisationMergeError(_("One of the two organisations no longer exists; reload the page."))
    kept, merged = locked[keep_id], locked[merge_id]
    # The rows that name the merged one are moved by update(), which raises no version of its own.
    raise_organisations_versions([keep_id, merge_id])
    moved, dropped = Counter(), Counter()
    move_references(source=merged, target=kept, moved=moved, dropped=dropped)
    # Invitations name the organisation as the organiser typed it, in any language, not by a link.
    merged_names = [name for name in (getattr(merged, field) for field in columns("name")) if name]
    typed_as_merged = reduce(or_, (Q(organisation_name__iexact=name) for name in merged_names))
    moved[Invitation._meta.label] += Invitation.objects.filter(typed_as_merged).update(organisation_name=kept.name)
    for field in FILLED_IN_FIELDS:
        if not getattr(kept, field) and getattr(merged, field):
            setattr(kept, field, getattr(merged, field))
    if kept.kind == OrganisationKind.OTHER:
        kept.kind = merged.kind
    kept.needs_review = False
    merged_details = {"id": merged.pk, "name": str(merged)}
    merged.delete()
    kept.save()
    log_action(
        workshop=None,
        action=Action.ORGANISATION_MERGED,
        obj=kept,
        actor=actor,
        data={
            "merged": merged_details,
            "moved": {label: count for label, count in moved.items() if count},
            "dropped_duplicates": dict(dropped),
        },
    )
    return kept


@raises_versions
@transaction.atomic
def review_organisation(*, organisation_id, kind, country, actor):
    """The secretariat has checked an organisation a participant typed in: its kind and country are set."""
    raise_organisations_versions([organisation_id])
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    before = {"kind": organisation.kind, "country": organisation.country}
    organisation.kind, organisation.country, organisation.needs_review = kind, country, False
    organisation.full_clean()
    organisation.save(update_fields=["kind", "country", "needs_review"])
    log_action(
        workshop=None,
        action=Action.ORGANISATION_REVIEWED,
        obj=organisation,
        actor=actor,
        data={"fields": changes(before, {"kind": organisation.kind, "country": organisation.country})},
    )
    return organisation
