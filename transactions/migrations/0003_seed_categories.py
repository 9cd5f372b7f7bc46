"""Give every existing person their own copy of Plaid's category taxonomy (new people get theirs on sign-up)."""

from django.db import migrations


def seed(apps, schema_editor):
    from transactions.taxonomy import categories_copy

    Category = apps.get_model("transactions", "Category")
    for user in apps.get_model("accounts", "User").objects.all():
        categories_copy(Category, user)


class Migration(migrations.Migration):
    dependencies = [("transactions", "0002_categories_rules_and_edits"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
