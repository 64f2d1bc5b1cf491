"""Revision history of content objects: articles, congresses and aid projects.

One mechanism for all three. A model with a history is declared in DECLARATIONS: which
of its fields a snapshot holds (every editable field unless excluded), its many-to-many
ids, and the child rows that belong to it (a congress's elected bodies and their
mandates; an aid project's sector shares, participants and transactions). The admin
(portal/admin.py) records a revision after each save, once the inlines are saved.

Snapshots are JSON (`portal.models.Revision.data`): field values keyed by attname
("category_id"), many-to-many as sorted lists of ids, children as lists of rows with
their original id. Restoring puts the fields back, replaces the children with the rows
as they were and records a new revision; publication state is never restored (putting
back an old text neither publishes nor withdraws it).
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Children:
    """Rows of another model that belong to the object (a reverse foreign key)."""

    accessor: str
    children: tuple["Children", ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Declaration:
    # Fields never recorded (on top of the primary key and non-editable fields).
    exclude: tuple[str, ...] = ()
    # Recorded and shown, but left as they are on restore: the workflow state.
    keep: tuple[str, ...] = ()
    m2m: tuple[str, ...] = ()
    children: tuple[Children, ...] = ()
    # Recorded values shown as columns of the history list.
    columns: tuple[str, ...] = ()


DECLARATIONS = {
    "news.article": Declaration(
        # The expiry is publication state too: an old text put back neither withdraws the
        # article (an expiry since passed) nor brings back one that was withdrawn.
        keep=("status", "published_at", "expires_at"),
        m2m=("tags", "unions", "associations"),
        columns=("status",),
    ),
    # A series with its articles in order.
    "news.series": Declaration(children=(Children("entries"),)),
    "congresses.congress": Declaration(
        keep=("is_published",),
        children=(Children("bodies", children=(Children("mandates"),)),),
        columns=("is_published",),
    ),
    "events.event": Declaration(
        keep=("is_published",),
        m2m=("articles",),
        columns=("is_published",),
    ),
    # An official document with its files and its links to articles and congresses.
    "documents.document": Declaration(
        keep=("is_published",),
        m2m=("articles", "congresses"),
        children=(Children("files"),),
        columns=("is_published",),
    ),
    # An album with its photos and videos in order.
    "albums.album": Declaration(
        keep=("is_published",),
        m2m=("articles",),
        children=(Children("photos"), Children("videos")),
        columns=("is_published",),
    ),
    "aid.aidproject": Declaration(
        keep=("is_published",),
        m2m=("districts", "communes"),
        children=(
            Children("sector_shares"),
            Children("participants"),
            Children("transactions"),
        ),
        columns=("status",),
    ),
}


class RestoreError(Exception):
    """The revision cannot be put back as it is; `messages` say why, for staff."""

    def __init__(self, messages):
        self.messages = [str(m) for m in messages]
        super().__init__("; ".join(self.messages))


def declaration(model):
    return DECLARATIONS.get(model._meta.label_lower)


def is_declared(model):
    return declaration(model) is not None


# Fields ---------------------------------------------------------------------------------------
@functools.cache
def _translated_originals(model):
    from modeltranslation.translator import NotRegistered, translator

    try:
        return frozenset(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return frozenset()


@functools.cache
def recorded_fields(model, exclude=()):
    """Editable concrete fields; for a translated field its language twins, not the original."""
    originals = _translated_originals(model)
    return tuple(
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.editable
        and field.name not in originals
        and field.name not in exclude
    )


def _child_model(parent_model, child):
    relation = parent_model._meta.get_field(child.accessor)
    return relation.related_model, relation.field


def _encode(field, value):
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    if value is None:
        return None
    try:
        value = field.to_python(value)
    except ValidationError:
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            # The same instant reads back in UTC from PostgreSQL and local time from a form.
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        return f"{value:.{places}f}" if places is not None else str(value)
    return value


def _decode(field, value):
    if value is None or isinstance(field, models.FileField):
        return value
    return field.to_python(value)


# Snapshots ------------------------------------------------------------------------------------
def _row(obj, fields):
    return {field.attname: _encode(field, field.value_from_object(obj)) for field in fields}


def _prefetch_lookups(model, children, prefix=""):
    lookups = []
    for child in children:
        lookup = f"{prefix}{child.accessor}"
        lookups.append(lookup)
        child_model, _fk = _child_model(model, child)
        lookups += _prefetch_lookups(child_model, child.children, f"{lookup}__")
    return lookups


def _child_rows(items, model, child):
    _child, fk = _child_model(model, child)
    fields = recorded_fields(_child, (*child.exclude, fk.name))
    rows = []
    for item in sorted(items, key=lambda item: item.pk):
        row = {"id": item.pk, **_row(item, fields)}
        for sub in child.children:
            row[sub.accessor] = _child_rows(getattr(item, sub.accessor).all(), _child, sub)
        rows.append(row)
    return rows


def snapshot(obj):
    """What a revision of `obj` holds, read from the database for the relations."""
    model = obj._meta.concrete_model
    spec = declaration(model)
    data = _row(obj, recorded_fields(model, spec.exclude))
    for name in spec.m2m:
        data[name] = sorted(getattr(obj, name).order_by().values_list("pk", flat=True))
    for child in spec.children:
        child_model, _fk = _child_model(model, child)
        queryset = getattr(obj, child.accessor).order_by("pk")
        lookups = _prefetch_lookups(child_model, child.children)
        if lookups:
            queryset = queryset.prefetch_related(*lookups)
        data[child.accessor] = _child_rows(queryset, model, child)
    return data


def _comparable(model, data):
    """The snapshot as flat keys: a change of a mandate shows as "bodies.mandates"."""
    spec = declaration(model)
    flat = {}
    child_keys = {child.accessor for child in spec.children}
    for key, value in data.items():
        if key not in child_keys:
            flat[key] = value

    def walk(rows, child, key):
        nested = {sub.accessor for sub in child.children}
        flat[key] = [{k: v for k, v in row.items() if k not in nested} for row in rows]
        for sub in child.children:
            sub_rows = [
                {**sub_row, "_parent": row.get("id")}
                for row in rows
                for sub_row in row.get(sub.accessor, [])
            ]
            walk(sub_rows, sub, f"{key}.{sub.accessor}")

    for child in spec.children:
        walk(data.get(child.accessor, []), child, child.accessor)
    return flat


def _blank(value):
    """None and "" are the same to a reader: a form saves "" where the ORM left NULL."""
    if value is None:
        return ""
    if isinstance(value, list):
        return [_blank(item) for item in value]
    if isinstance(value, dict):
        return {key: _blank(item) for key, item in value.items()}
    return value


def changed_keys(model, before, after):
    old, new = _blank(_comparable(model, before)), _blank(_comparable(model, after))
    keys = list(new) + [key for key in old if key not in new]
    return [key for key in keys if old.get(key) != new.get(key)]


# History --------------------------------------------------------------------------------------
def history(obj):
    from portal.models import Revision

    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return Revision.objects.filter(content_type=content_type, object_id=obj.pk)


def _lock(obj):
    # Two saves of one object at once would both take the next number.
    list(obj._meta.concrete_model._base_manager.select_for_update().filter(pk=obj.pk).values("pk"))


def record(obj, user, note=""):
    """Record a revision of `obj` as stored now, if anything changed since the last one."""
    from portal.models import Revision

    with transaction.atomic():
        _lock(obj)
        last = history(obj).order_by("-number").first()
        data = snapshot(obj)
        changed = changed_keys(obj._meta.concrete_model, last.data if last else {}, data)
        if last and not changed and not note:
            return last
        return Revision.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
            number=(last.number + 1) if last else 1,
            user=user if user is not None and user.is_authenticated else None,
            changed_fields=changed,
            note=note,
            data=data,
        )


def record_baseline(model, pk):
    """Before the first recorded change of an object made elsewhere (demo, import, a script),
    record it as it is stored, so that the change can be undone."""
    if pk is None or history_exists(model, pk):
        return None
    stored = model._base_manager.filter(pk=pk).first()
    if stored is None:
        return None
    return record(stored, None, note=gettext("As it was before its first recorded change"))


def history_exists(model, pk):
    from portal.models import Revision

    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    return Revision.objects.filter(content_type=content_type, object_id=pk).exists()


def delete_history(sender, instance, **kwargs):
    """An object's history goes with it (connected in PortalConfig.ready)."""
    if is_declared(sender):
        history(instance).delete()


# Restore --------------------------------------------------------------------------------------
def _missing_references(model, data):
    """Rows the revision points to that were deleted since (a person, a donor, a category)."""
    wanted = {}

    def collect(model, fields, row):
        for field in fields:
            if field.is_relation and row.get(field.attname) is not None:
                wanted.setdefault(field.related_model, set()).add(row[field.attname])

    spec = declaration(model)
    collect(model, recorded_fields(model, spec.exclude), data)

    def collect_children(parent_model, children, rows_of):
        for child in children:
            child_model, fk = _child_model(parent_model, child)
            fields = recorded_fields(child_model, (*child.exclude, fk.name))
            for row in rows_of(child.accessor):
                collect(child_model, fields, row)
                collect_children(child_model, child.children, lambda name, r=row: r.get(name, []))

    collect_children(model, spec.children, lambda name: data.get(name, []))
    problems = []
    for related, ids in wanted.items():
        found = set(related._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
        lost = sorted(set(ids) - found, key=str)
        if lost:
            problems.append(
                _("%(model)s no longer exists: #%(ids)s.")
                % {
                    "model": str(related._meta.verbose_name).capitalize(),
                    "ids": ", #".join(str(pk) for pk in lost),
                }
            )
    return problems


def _replace_children(parent, child, rows):
    child_model, fk = _child_model(parent._meta.concrete_model, child)
    fields = recorded_fields(child_model, (*child.exclude, fk.name))
    getattr(parent, child.accessor).all().delete()
    wanted_ids = [row["id"] for row in rows if row.get("id") is not None]
    # A row moved to another parent since keeps its id there; this one gets a new id.
    taken = set(child_model._base_manager.filter(pk__in=wanted_ids).values_list("pk", flat=True))
    for row in rows:
        # A file named by a row deleted since left storage with it (portal/stored_files.py):
        # a row whose required file is gone (an album's photo) is not put back, an optional
        # one (a video's poster) comes back without it.
        gone = {f.attname for f in fields if _file_gone(f, row.get(f.attname))}
        if any(not f.blank for f in fields if f.attname in gone):
            continue
        item = child_model(**{fk.attname: parent.pk})
        for field in fields:
            if field.attname in row and field.attname not in gone:
                setattr(item, field.attname, _decode(field, row[field.attname]))
        if row.get("id") is not None and row["id"] not in taken:
            item.pk = row["id"]
        item.save(force_insert=True)
        for sub in child.children:
            _replace_children(item, sub, row.get(sub.accessor, []))


def _file_gone(field, name):
    return isinstance(field, models.FileField) and bool(name) and not field.storage.exists(name)


def restore(revision, user):
    """Put the object back as this revision recorded it; returns the new revision.

    Raises RestoreError (nothing changed) when the revision cannot be put back: it
    names rows deleted since, or a unique value now used by another object.
    """
    model = revision.content_type.model_class()
    spec = declaration(model)
    data = revision.data
    with transaction.atomic():
        obj = model._base_manager.select_for_update().get(pk=revision.object_id)
        problems = _missing_references(model, data)
        if problems:
            raise RestoreError(problems)
        for field in recorded_fields(model, spec.exclude):
            if field.attname in data and field.name not in spec.keep:
                value = _decode(field, data[field.attname])
                if _file_gone(field, value):
                    # A replaced file is deleted from storage (portal/stored_files.py): the
                    # current one stays rather than a name without a file behind it.
                    continue
                setattr(obj, field.attname, value)
        try:
            obj.validate_unique()
            obj.validate_constraints()
        except ValidationError as error:
            raise RestoreError(error.messages) from error
        obj.save()
        for name in spec.m2m:
            if name in data:
                related = model._meta.get_field(name).related_model
                ids = related._base_manager.filter(pk__in=data[name]).values_list("pk", flat=True)
                getattr(obj, name).set(list(ids))
        for child in spec.children:
            if child.accessor in data:
                _replace_children(obj, child, data[child.accessor])
        return record(
            obj, user, note=gettext("Restored from revision #%(n)s") % {"n": revision.number}
        )


# Display ---------------------------------------------------------------------------------------
@functools.cache
def child_paths(model):
    """{"bodies": (ElectedBody, its fields), "bodies.mandates": (Mandate, its fields)}."""
    paths = {}

    def walk(parent_model, children, prefix):
        for child in children:
            child_model, fk = _child_model(parent_model, child)
            key = prefix + child.accessor
            paths[key] = (child_model, recorded_fields(child_model, (*child.exclude, fk.name)))
            walk(child_model, child.children, f"{key}.")

    walk(model, declaration(model).children, "")
    return paths


def _field(model, key):
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def field_label(model, key):
    if key in child_paths(model):
        return str(child_paths(model)[key][0]._meta.verbose_name_plural)
    field = _field(model, key)
    # modeltranslation's twins already say their language: "title [vi]".
    return str(field.verbose_name) if field is not None else key


def field_labels(model, keys):
    return [field_label(model, key) for key in keys]


class _Names:
    """str() of related rows, fetched once per model for a whole comparison."""

    def __init__(self):
        self.wanted = {}
        self.names = {}

    def want(self, field, pk):
        if field.is_relation and pk is not None:
            self.wanted.setdefault(field.related_model, set()).add(pk)

    def fetch(self):
        for related, ids in self.wanted.items():
            rows = related._base_manager.in_bulk(list(ids))
            self.names[related] = {pk: str(row) for pk, row in rows.items()}

    def name(self, related, pk):
        return self.names.get(related, {}).get(pk, gettext("#%(id)s (deleted)") % {"id": pk})


def _shown(field, value, names):
    if value is None or value == "" or value == []:
        return "—"
    if field.many_to_many:
        return ", ".join(names.name(field.related_model, pk) for pk in value)
    if field.is_relation:
        return names.name(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(field, models.DateTimeField | models.DateField | models.DecimalField):
        return _formatted(field, value)
    return Truncator(strip_tags(str(value))).chars(200)


def _formatted(field, value):
    try:
        value = field.to_python(value)
    except ValidationError:
        return str(value)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def compare(model, before, after):
    """For each recorded value that differs: its label and the lines before and after."""
    old, new = _comparable(model, before), _comparable(model, after)
    paths = child_paths(model)
    names = _Names()
    plan = []
    for key in changed_keys(model, before, after):
        if key in paths:
            fields = paths[key][1]
            for row in [*old.get(key, []), *new.get(key, [])]:
                for field in fields:
                    names.want(field, row.get(field.attname))
            plan.append((key, fields))
        elif (field := _field(model, key)) is not None:
            for value in (old.get(key), new.get(key)):
                for pk in value if field.many_to_many and value else [value]:
                    names.want(field, pk)
            plan.append((key, field))
    names.fetch()

    def lines(key, info, flat):
        if not isinstance(info, tuple | list):
            return [_shown(info, flat.get(key), names)]
        rows = [
            " · ".join(
                shown
                for field in info
                if (shown := _shown(field, row.get(field.attname), names)) != "—"
            )
            for row in flat.get(key, [])
        ]
        return rows or ["—"]

    return [
        {
            "key": key,
            "label": field_label(model, key),
            "before": lines(key, info, old),
            "after": lines(key, info, new),
        }
        for key, info in plan
    ]


def column_labels(model):
    return [field_label(model, name) for name in declaration(model).columns]


def column_values(model, values):
    """The declared history columns, from values read out of the JSON by the database."""
    shown = []
    for name in declaration(model).columns:
        field, value = _field(model, name), values.get(name)
        if isinstance(field, models.BooleanField) and isinstance(value, str | int):
            # SQLite hands a JSON boolean back as 1/0, some backends as text.
            value = str(value).lower() in ("true", "1")
        shown.append(_shown(field, value, _Names()) if field is not None else value)
    return shown
