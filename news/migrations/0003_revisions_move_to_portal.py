"""Article revisions move to the shared history table (portal.Revision)."""

from django.db import migrations


def copy_revisions(apps, schema_editor):
    OldRevision = apps.get_model("news", "Revision")
    Revision = apps.get_model("portal", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not OldRevision.objects.using(db).exists():
        return
    content_type, _created = ContentType.objects.using(db).get_or_create(
        app_label="news", model="article"
    )
    Revision.objects.using(db).bulk_create(
        [
            Revision(
                content_type_id=content_type.pk,
                object_id=old.article_id,
                number=old.number,
                created_at=old.created_at,
                user_id=old.user_id,
                changed_fields=old.changed_fields,
                note=old.note,
                data=old.data,
            )
            for old in OldRevision.objects.using(db).order_by("pk").iterator()
        ],
        batch_size=500,
    )


def copy_back(apps, schema_editor):
    Revision = apps.get_model("portal", "Revision")
    OldRevision = apps.get_model("news", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type = ContentType.objects.using(db).filter(app_label="news", model="article").first()
    if content_type is None:
        return
    rows = Revision.objects.using(db).filter(content_type_id=content_type.pk)
    OldRevision.objects.using(db).bulk_create(
        [
            OldRevision(
                article_id=row.object_id,
                number=row.number,
                created_at=row.created_at,
                user_id=row.user_id,
                changed_fields=row.changed_fields,
                note=row.note,
                data=row.data,
            )
            for row in rows.order_by("pk").iterator()
        ],
        batch_size=500,
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0002_search_indexes"),
        ("portal", "0003_revision"),
    ]

    operations = [
        migrations.RunPython(copy_revisions, copy_back),
        migrations.DeleteModel(name="Revision"),
    ]
