"""The secretariat's screens.

A whole congress result is entered on the congress's own page: the congress, its documents
and photos, and one row per elected body with its size and a box to paste the names of its
members (one per line, optional position after a dash). Pasted names become mandates in one
step; unknown names become new people, listed in a message after saving. Django has no
nested inlines, so the finer work on a body (a mandate's dates, a mid-term change, choosing
between two people of the same name) happens on the body's page, one click away, where every
mandate is a row with the person found by autocomplete (or created on the spot with "+").
"""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationTabularInline,
)

from portal.admin_revisions import ChildRevisionAdminMixin, RevisionAdminMixin

from . import paste
from .models import Congress, CongressDocument, CongressPhoto, ElectedBody, Mandate, Person
from .rules import check_body_mandates, check_mandate_dates

PASTE_HELP = _(
    "One name per line, with the position after a dash if any: “Trần Công Thắng - Chủ tịch”, "
    "“Nguyễn Văn A - Phó Chủ tịch thường trực”, “John Smith - Vice President”. "
    "A line without a position is a member. Unknown names become new people."
)


PASTE_PLACEHOLDER = _("Full name - Position\nFull name - Position\nFull name")


def _pasted_field():
    return forms.CharField(
        label=_("paste names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 48, "placeholder": PASTE_PLACEHOLDER}),
        help_text=PASTE_HELP,
    )


class PasteNamesMixin:
    """A body form with a box of names; clean() reads it and checks the body's rules."""

    paste_start_field = None
    paste_reason_field = None

    def congress(self):
        parent = getattr(self, "parent_congress", None)
        if parent is not None:
            return parent
        return self.cleaned_data.get("congress") or self.instance.congress

    def clean(self):
        cleaned = super().clean()
        self.pasted_mandates = []
        text = cleaned.get("names", "")
        if not text.strip() or self.errors or self.congress() is None:
            return cleaned
        try:
            lines = paste.parse_lines(text)
            people = paste.match_people(lines)
        except forms.ValidationError as exc:
            self.add_error("names", exc)
            return cleaned
        body = ElectedBody(
            pk=self.instance.pk,
            congress=self.congress(),
            kind=cleaned.get("kind") or self.instance.kind,
            size=cleaned.get("size"),
        )
        start = cleaned.get("paste_start") if self.paste_start_field else None
        reason = cleaned.get("paste_reason", "") if self.paste_reason_field else ""
        mandates = paste.build_mandates(body, lines, people, start_date=start, change_reason=reason)
        if start:
            errors = check_mandate_dates(mandates[0], body.congress)
            if errors:
                self.add_error("paste_start", list(errors.values())[0])
                return cleaned
        self.pasted_mandates = mandates
        self.stored_mandates = (
            list(Mandate.objects.filter(body_id=body.pk).select_related("person"))
            if body.pk
            else []
        )
        return cleaned


class ElectedBodyInlineForm(PasteNamesMixin, forms.ModelForm):
    names = _pasted_field()

    class Meta:
        model = ElectedBody
        fields = ["kind", "size"]

    def clean(self):
        cleaned = super().clean()
        if self.pasted_mandates:
            body = self.pasted_mandates[0].body
            for problem in check_body_mandates(body, self.stored_mandates + self.pasted_mandates):
                self.add_error("names", problem)
        return cleaned


class ElectedBodyInlineFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The congress being saved (maybe not stored yet): its dates bound the mandates.
        form.parent_congress = self.instance
        return form


class ElectedBodyInline(admin.TabularInline):
    model = ElectedBody
    form = ElectedBodyInlineForm
    formset = ElectedBodyInlineFormSet
    fields = ("kind", "size", "names", "members_link")
    readonly_fields = ("members_link",)
    extra = 3
    max_num = len(ElectedBody.Kind)

    @admin.display(description=_("mandates"))
    def members_link(self, body):
        if not body.pk:
            return "–"
        count = body.mandates.count()
        url = reverse("admin:congresses_electedbody_change", args=[body.pk])
        label = ngettext("%(count)s member: edit", "%(count)s members: edit", count) % {
            "count": count
        }
        return format_html('<a href="{}">{}</a>', url, label)


class CongressDocumentInline(TranslationTabularInline):
    model = CongressDocument
    fields = ("title", "file", "order")
    extra = 0


class CongressPhotoInline(TranslationTabularInline):
    model = CongressPhoto
    fields = ("image", "caption", "credit", "order")
    extra = 0


def report_new_people(request, body, created, count):
    messages.success(
        request,
        ngettext(
            "%(body)s: %(count)s mandate added from the pasted names.",
            "%(body)s: %(count)s mandates added from the pasted names.",
            count,
        )
        % {"body": body.get_kind_display(), "count": count},
    )
    if created:
        messages.warning(
            request,
            ngettext(
                "New person created (check the spelling, add a photo and titles): %(names)s.",
                "New people created (check the spelling, add photos and titles): %(names)s.",
                len(created),
            )
            % {"names": ", ".join(person.full_name for person in created)},
        )


class StaffingFilter(admin.SimpleListFilter):
    """Congresses of a running term whose elected bodies lack serving members: the
    Secretariat's work queue on the admin index links here (portal.workqueues)."""

    title = _("elected bodies")
    parameter_name = "staffing"

    def lookups(self, request, model_admin):
        return [("short", _("Fewer serving members than elected"))]

    def queryset(self, request, queryset):
        from congresses.workqueues import understaffed_congresses

        if self.value() == "short":
            return queryset.filter(pk__in=understaffed_congresses().values("pk"))
        return queryset


@admin.register(Congress)
class CongressAdmin(RevisionAdminMixin, TabbedTranslationAdmin):
    list_display = ("__str__", "held_from", "is_published")
    list_filter = ("is_published", StaffingFilter, "union", "association")
    search_fields = ("union__name_vi", "association__name_vi", "venue_vi")
    # Associations are a handful: a plain select (and no dependency on the members admin).
    autocomplete_fields = ("union",)
    inlines = [ElectedBodyInline, CongressDocumentInline, CongressPhotoInline]
    fieldsets = [
        (
            _("Congress"),
            {
                "fields": [
                    ("union", "association"),
                    ("ordinal", "of_delegates"),
                    ("term_start_year", "term_end_year"),
                    ("held_from", "held_to"),
                    "venue",
                    "delegates_count",
                    "is_published",
                ]
            },
        ),
        (_("Record"), {"fields": ["guests", "summary", "directions"]}),
        (_("Staff"), {"fields": ["slug", "note"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.term_years != 5:
            messages.warning(
                request,
                _(
                    "The term %(start)s–%(end)s lasts %(years)s years, not the usual five. "
                    "Saved anyway; please check the years."
                )
                % {"start": obj.term_start_year, "end": obj.term_end_year, "years": obj.term_years},
            )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not ElectedBody:
            return
        for body_form in formset.forms:
            mandates = getattr(body_form, "pasted_mandates", None)
            body = body_form.instance
            if mandates and body.pk and body_form not in formset.deleted_forms:
                created = paste.save_mandates(body, mandates)
                report_new_people(request, body, created, len(mandates))


class MandateInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        body = self.instance
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("person")
        ]
        for form in self.forms:
            mandate = form.instance
            if mandate not in kept:
                continue
            if not mandate.start_date:
                mandate.start_date = body.congress.term_start_date
            for field, message in check_mandate_dates(mandate, body.congress).items():
                form.add_error(field, message)
        if any(self.errors):
            return
        pasted = getattr(body, "pasted_mandates", [])
        problems = check_body_mandates(body, kept + pasted)
        if problems:
            raise forms.ValidationError(problems)


class MandateInline(TranslationTabularInline):
    model = Mandate
    formset = MandateInlineFormSet
    fields = ("person", "position", "start_date", "end_date", "change_reason", "order")
    autocomplete_fields = ("person",)
    extra = 0


class ElectedBodyForm(PasteNamesMixin, forms.ModelForm):
    names = _pasted_field()
    paste_start = forms.DateField(
        label=_("pasted names: from"),
        required=False,
        widget=admin.widgets.AdminDateWidget,
        help_text=_("Empty: from the first day of the congress. Set it for a mid-term change."),
    )
    paste_reason = forms.CharField(
        label=_("pasted names: reason for a mid-term change"),
        required=False,
        max_length=255,
        help_text=_(
            "E.g. “Kiện toàn nhân sự Ban Chấp hành”. Needed to go beyond the elected size."
        ),
    )
    paste_start_field = "paste_start"
    paste_reason_field = "paste_reason"

    class Meta:
        model = ElectedBody
        fields = ["congress", "kind", "size"]

    def save(self, commit=True):
        body = super().save(commit=commit)
        # Read by MandateInlineFormSet.clean, which checks the rows and the pasted names together.
        body.pasted_mandates = self.pasted_mandates
        return body


@admin.register(ElectedBody)
class ElectedBodyAdmin(ChildRevisionAdminMixin, admin.ModelAdmin):
    revision_parent = "congress"
    form = ElectedBodyForm
    list_display = ("__str__", "size")
    list_filter = ("kind", "congress__union", "congress__association")
    list_select_related = ("congress__union", "congress__association")
    search_fields = ("congress__union__name_vi", "congress__association__name_vi")
    autocomplete_fields = ("congress",)
    inlines = [MandateInline]
    fieldsets = [
        (None, {"fields": ["congress", ("kind", "size")]}),
        (_("Paste names"), {"fields": ["names", ("paste_start", "paste_reason")]}),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("congress__union", "congress__association")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.pasted_mandates:
            created = paste.save_mandates(form.instance, form.pasted_mandates)
            report_new_people(request, form.instance, created, len(form.pasted_mandates))


class MandateOfPersonInline(admin.TabularInline):
    model = Mandate
    fields = ("body", "position", "start_date", "end_date")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("body__congress__union", "body__congress__association")
        )


@admin.register(Person)
class PersonAdmin(TabbedTranslationAdmin):
    list_display = ("full_name", "honorific", "mandate_count")
    search_fields = ("full_name", "name_key")
    fields = ("full_name", "honorific", "photo", "titles", "slug", "note")
    inlines = [MandateOfPersonInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(mandate_total=Count("mandates"))

    @admin.display(description=_("mandates"), ordering="mandate_total")
    def mandate_count(self, person):
        return person.mandate_total
