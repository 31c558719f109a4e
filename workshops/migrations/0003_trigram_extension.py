# The close-match search for organisation names uses PostgreSQL's pg_trgm similarity. The operation does nothing
# on another database (SQLite), where workshops.selectors.similar_organisations compares names in Python.
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0002_organisation_needs_review"),
    ]

    operations = [TrigramExtension()]
