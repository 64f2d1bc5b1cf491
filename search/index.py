"""Keeps search.Entry in step with the objects the search finds (search.kinds).

A save of a declared model writes its entry (or deletes it when the object is not public);
a save of a model another kind depends on (`Kind.also`) re-indexes the objects it names.
Writes that send no signal (QuerySet.update, bulk_create, raw SQL, restored backups) leave
entries behind: `manage.py rebuild_search_index` writes them all anew (load_demo and
generate_sample_data run it).
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from portal.text import fold

from .kinds import KINDS
from .models import Entry, EntryText

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _kind_of(model):
    label = model._meta.label
    return next((k for k in KINDS if k.model == label), None)


def _fields(kind, obj):
    """(the entry's fields, its EntryText's fields) for `obj`."""
    common = {
        "kind": kind.key,
        "visible_from": kind.visible_from(obj) if kind.visible_from else None,
    }
    entry, words = dict(common), dict(common)
    for language in LANGUAGES:
        with translation.override(language):
            described = kind.describe(obj)
        title, url = str(described["title"] or "")[:400], described["url"] or ""
        entry[f"title_{language}"] = words[f"title_{language}"] = title
        entry[f"summary_{language}"] = str(described["summary"] or "")
        entry[f"url_{language}"] = url
        # Without a page in a language, nothing in it finds the object.
        text = fold(" ".join(str(t) for t in described["text"] if t)) if url else ""
        words[f"text_{language}"] = text
        entry["date"] = words["date"] = described["date"]
    return entry, words


def update(obj):
    """Write `obj`'s entry, or delete it when `obj` is not public."""
    kind = _kind_of(type(obj))
    content_type = ContentType.objects.get_for_model(type(obj))
    public = kind.public(kind.model_class()).filter(pk=obj.pk).first()
    if public is None:
        Entry.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        return
    fields, words = _fields(kind, public)
    with transaction.atomic():
        entry, _created = Entry.objects.update_or_create(
            content_type=content_type, object_id=obj.pk, defaults=fields
        )
        EntryText.objects.update_or_create(entry=entry, defaults=words)


def rebuild(kinds=KINDS):
    """Every entry of `kinds` written anew; returns how many."""
    count = 0
    with transaction.atomic():
        for kind in kinds:
            model = kind.model_class()
            Entry.objects.filter(kind=kind.key).delete()
            content_type = ContentType.objects.get_for_model(model)
            entries, texts = [], []
            for obj in kind.public(model).iterator(chunk_size=500):
                fields, words = _fields(kind, obj)
                entries.append(Entry(content_type=content_type, object_id=obj.pk, **fields))
                texts.append(words)
            # The new rows' ids come back from the database (PostgreSQL, SQLite 3.35+).
            Entry.objects.bulk_create(entries, batch_size=500)
            EntryText.objects.bulk_create(
                [EntryText(entry=e, **words) for e, words in zip(entries, texts, strict=True)],
                batch_size=500,
            )
            count += len(entries)
    return count


def _update_dependents(sender, instance):
    """Re-index the objects of other kinds whose entries `instance` shows (Kind.also)."""
    for other in KINDS:
        related = other.also.get(sender._meta.label)
        if related is not None:
            for obj in related(instance):
                update(obj)


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture's rows are not complete yet
        return
    if _kind_of(sender) is not None:
        update(instance)
    _update_dependents(sender, instance)


def _deleted(sender, instance, **kwargs):
    if _kind_of(sender) is not None:
        Entry.objects.filter(
            content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
        ).delete()
    # A deletion cascades dependents first (a person's mandates before the person): what
    # they name is still there to re-index.
    _update_dependents(sender, instance)


def connect_signals():
    labels = {kind.model for kind in KINDS} | {label for k in KINDS for label in k.also}
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"search.index.save.{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search.index.delete.{label}")
