"""The revision history screens, shared by every ModelAdmin of a model with a history.

`RevisionAdminMixin` adds to a ModelAdmin:
- `<id>/revisions/`: the history of changes (number, who, when, what changed);
- `<id>/revisions/<number>/restore/`: what restoring would change, and a POST to do it;
- a revision recorded after every save, once the inlines are saved (`save_related`), and
  before the first recorded change a revision of the object as it was stored.

Who may restore is `has_restore_permission(request, obj)`: the change permission unless
the ModelAdmin says otherwise (news: Editors only). `ChildRevisionAdminMixin` is for the
admin of a child row edited on its own page (an elected body, a transaction): saving or
deleting it records a revision of its parent.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from portal import revisions

HISTORY_PAGE_SIZE = 50


class RevisionAdminMixin:
    change_form_template = "admin/portal/change_form.html"
    revision_history_template = "admin/portal/revisions.html"
    revision_restore_template = "admin/portal/restore.html"

    def has_restore_permission(self, request, obj):
        return self.has_change_permission(request, obj)

    # Recording.
    def save_model(self, request, obj, form, change):
        if change:
            revisions.record_baseline(self.model, obj.pk)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        revisions.record(form.instance, request.user)

    # Screens.
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/revisions/",
                wrap(self.revisions_view),
                name="{}_{}_revisions".format(*info),
            ),
            path(
                "<int:pk>/revisions/<int:number>/restore/",
                wrap(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def _revision_url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def _object_with_history(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _revision_context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": title,
            "change_url": self._revision_url("change", obj.pk),
            "history_url": self._revision_url("revisions", obj.pk),
        }

    def revisions_view(self, request, pk):
        obj = self._object_with_history(request, pk)
        spec = revisions.declaration(self.model)
        # The snapshots stay in the database: the list reads only the declared columns.
        queryset = (
            revisions.history(obj)
            .select_related("user")
            .defer("data")
            .annotate(**{f"column_{name}": KT(f"data__{name}") for name in spec.columns})
            .order_by("-number")
        )
        paginator = Paginator(queryset, HISTORY_PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("p", 1))
        except InvalidPage as error:
            raise Http404 from error
        can_restore = self.has_restore_permission(request, obj)
        latest = paginator.count and page.number == 1
        rows = []
        for index, revision in enumerate(page.object_list):
            rows.append(
                {
                    "revision": revision,
                    "columns": revisions.column_values(
                        self.model,
                        {name: getattr(revision, f"column_{name}") for name in spec.columns},
                    ),
                    "changes": (
                        revisions.field_labels(self.model, revision.changed_fields)
                        if revision.number > 1
                        else None
                    ),
                    "restore_url": (
                        self._revision_url("restore", obj.pk, revision.number)
                        if can_restore and not (latest and index == 0)
                        else None
                    ),
                }
            )
        context = {
            **self._revision_context(
                request, obj, _("History of changes: %(object)s") % {"object": obj}
            ),
            "rows": rows,
            "page": page,
            "column_labels": revisions.column_labels(self.model),
            "can_restore": can_restore,
        }
        return TemplateResponse(request, self.revision_history_template, context)

    def restore_view(self, request, pk, number):
        obj = self._object_with_history(request, pk)
        if not self.has_restore_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(revisions.history(obj), number=number)
        if request.method == "POST":
            try:
                revisions.restore(revision, request.user)
            except revisions.RestoreError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                self.message_user(
                    request,
                    _("Revision #%(n)s was not restored; nothing was changed.") % {"n": number},
                    messages.ERROR,
                )
                return redirect(self._revision_url("restore", obj.pk, number))
            self.message_user(
                request, _("Revision #%(n)s restored.") % {"n": number}, messages.SUCCESS
            )
            return redirect(self._revision_url("change", obj.pk))
        spec = revisions.declaration(self.model)
        context = {
            **self._revision_context(
                request, obj, _("Restore revision #%(n)s?") % {"n": revision.number}
            ),
            "revision": revision,
            "changes": revisions.compare(self.model, revisions.snapshot(obj), revision.data),
            "kept": revisions.field_labels(self.model, spec.keep),
        }
        return TemplateResponse(request, self.revision_restore_template, context)


class ChildRevisionAdminMixin:
    """Saving or deleting a row on its own page records a revision of its parent."""

    revision_parent = None  # the name of the foreign key to the parent

    def _revision_parents(self, obj):
        field = obj._meta.get_field(self.revision_parent)
        ids = {getattr(obj, field.attname)}
        if obj.pk is not None:
            # A row moved to another parent changes the history of both.
            ids |= set(
                type(obj)._base_manager.filter(pk=obj.pk).values_list(field.attname, flat=True)
            )
        return field.related_model, ids - {None}

    def _record_parents(self, request, parents):
        model, ids = parents
        for parent in model._base_manager.filter(pk__in=ids):
            revisions.record(parent, request.user)

    def save_model(self, request, obj, form, change):
        model, ids = obj._revision_parents = self._revision_parents(obj)
        for pk in ids:
            revisions.record_baseline(model, pk)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        model, ids = form.instance._revision_parents
        field = form.instance._meta.get_field(self.revision_parent)
        self._record_parents(request, (model, ids | {getattr(form.instance, field.attname)}))

    def delete_model(self, request, obj):
        parents = self._revision_parents(obj)
        for pk in parents[1]:
            revisions.record_baseline(parents[0], pk)
        super().delete_model(request, obj)
        self._record_parents(request, parents)

    def delete_queryset(self, request, queryset):
        field = self.model._meta.get_field(self.revision_parent)
        parents = (field.related_model, set(queryset.values_list(field.attname, flat=True)))
        for pk in parents[1]:
            revisions.record_baseline(parents[0], pk)
        super().delete_queryset(request, queryset)
        self._record_parents(request, parents)
