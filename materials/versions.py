"""The changes of the workshop's documents that raise its content version (workshops/versions.py): the public
page shows the documents and the programme's links to them."""

from workshops.versions import CONTENT, covers, raise_content_version

from .models import Material, MaterialFile


@covers(CONTENT)
def material_changed(sender, instance, **kwargs):
    raise_content_version([instance.workshop_id])


@covers(CONTENT)
def file_changed(sender, instance, **kwargs):
    raise_content_version(Material.objects.filter(pk=instance.material_id).values("workshop_id"))


RECEIVERS = {Material: material_changed, MaterialFile: file_changed}
