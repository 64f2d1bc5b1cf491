"""Uploaded files leave storage with the row that named them.

Every FileField and ImageField of every model (covers, people's photos, congress photos
and PDF documents, union logos, video files): when a row is saved with another file in a
field (or none), or deleted, the old file, and for a portal image its renditions
(`portal.images.delete_image`), is deleted from storage. Only once the transaction
commits: after a rollback the row still names the file, so it must still be there. A
file that another row of the same field still names stays (a copied row, a restored one).

Connected for every model in `PortalConfig.ready`; rows loaded raw (loaddata, a restore
of a backup) are left alone.
"""

from django.db import models, router, transaction

from portal.images import delete_image, parse_name


def file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def remove(name, storage):
    """Delete a stored file, with its renditions when it is a portal image."""
    if parse_name(name):
        delete_image(name, storage=storage)
    elif storage.exists(name):
        storage.delete(name)


def _delete_on_commit(model, field, name):
    def delete():
        if not model._base_manager.filter(**{field.attname: name}).exists():
            remove(name, field.storage)

    transaction.on_commit(delete, using=router.db_for_write(model))


def _name(value):
    return getattr(value, "name", value) or ""


def remember_files(sender, instance, raw=False, **kwargs):
    """pre_save: the names stored before this save, to compare with after it."""
    if raw or instance._state.adding or instance.pk is None:
        return
    attnames = [f.attname for f in file_fields(sender)]
    instance._files_before_save = (
        sender._base_manager.filter(pk=instance.pk).values(*attnames).first() or {}
    )


def delete_replaced_files(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop("_files_before_save", None)
    if raw or not before:
        return
    for field in file_fields(sender):
        old = before.get(field.attname) or ""
        if old and old != _name(getattr(instance, field.attname)):
            _delete_on_commit(sender, field, old)


def delete_files_of_deleted_row(sender, instance, **kwargs):
    for field in file_fields(sender):
        name = _name(getattr(instance, field.attname))
        if name:
            _delete_on_commit(sender, field, name)


def connect_signals():
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save, pre_save

    for model in apps.get_models():
        if not file_fields(model):
            continue
        label = model._meta.label_lower
        pre_save.connect(remember_files, sender=model, dispatch_uid=f"stored_files.pre.{label}")
        post_save.connect(
            delete_replaced_files, sender=model, dispatch_uid=f"stored_files.post.{label}"
        )
        post_delete.connect(
            delete_files_of_deleted_row, sender=model, dispatch_uid=f"stored_files.del.{label}"
        )
