from django.db import migrations


def seed_topics(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.catalogue.categories import DEFAULT_TOPICS

    Topic = apps.get_model("catalogue", "Topic")
    for i, (name, children) in enumerate(DEFAULT_TOPICS):
        parent, _ = Topic.objects.get_or_create(parent=None, name=name, defaults={"sort_order": i})
        for j, child in enumerate(children):
            Topic.objects.get_or_create(parent=parent, name=child, defaults={"sort_order": j})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(seed_topics, migrations.RunPython.noop)]
