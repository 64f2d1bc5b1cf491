"""Staff screens: a document with its files (inline), its links to articles and congresses,
and the issuing bodies.

Articles are picked by autocomplete from a view of this admin (`articles/`), not Django's:
Django's asks for the permission to view articles in the admin, which the Secretariat and
the Administrator do not have (portal/roles.py), and it would list drafts. Here whoever may
add or change documents searches the published articles' titles, folded as news folds them.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from news.models import Article
from portal.admin import YearListFilter
from portal.admin_revisions import RevisionAdminMixin
from portal.text import query_terms

from .models import Document, DocumentFile, Issuer

ARTICLES_PER_PAGE = 20


@admin.register(Issuer)
class IssuerAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_vi", "name_en")
    fields = ("name", "slug")


class DocumentFileInline(TranslationTabularInline):
    model = DocumentFile
    fields = ("file", "label", "order", "is_sample", "format_and_size")
    readonly_fields = ("format_and_size",)
    extra = 1

    @admin.display(description=_("format"))
    def format_and_size(self, attached):
        if not attached.pk:
            return "–"
        return f"{attached.format_label}, {filesizeformat(attached.size)}"


class ArticleAutocomplete(AutocompleteSelectMultiple):
    """Django's autocomplete widget, asking this admin's own view for the articles."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:documents_document_articles")


def published_articles():
    return Article.objects.filter(status=Article.Status.PUBLISHED)


class DocumentAdminForm(forms.ModelForm):
    # The admin supplies Meta (model and fields).
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("articles")
        if field is not None:
            # Published articles, and those already linked (an article archived since stays).
            linked = Q(documents=self.instance) if self.instance.pk else Q(pk__in=[])
            field.queryset = Article.objects.filter(
                Q(status=Article.Status.PUBLISHED) | linked
            ).distinct()

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug in ("rss", "atom"):
            # The list's feeds live at those addresses.
            raise forms.ValidationError(_("This address is reserved; choose another one."))
        return slug


@admin.register(Document)
class DocumentAdmin(RevisionAdminMixin, TabbedTranslationAdmin):
    form = DocumentAdminForm
    list_display = ("number", "title_vi", "kind", "issuer", "date_issued", "is_published")
    list_display_links = ("number", "title_vi")
    list_filter = ("is_published", "kind", "issuer", ("date_issued", YearListFilter))
    list_select_related = ("issuer",)
    # The folded number and titles; get_search_results says how they are matched.
    search_fields = ("number_key", "search_title")
    search_help_text = _(
        "Searches the number, titles and summaries in both languages, with or without diacritics."
    )
    autocomplete_fields = ("issuer", "congresses")
    readonly_fields = ("published_at",)
    inlines = [DocumentFileInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("number", "kind"),
                    "issuer",
                    ("date_issued", "effective_date"),
                    "signer",
                    "title",
                    "summary",
                ]
            },
        ),
        (_("Links"), {"fields": ["articles", "congresses"]}),
        (
            _("Publication"),
            {"fields": ["is_published", "published_at", "slug", "is_sample", "note"]},
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "articles":
            kwargs["widget"] = ArticleAutocomplete(db_field, self.admin_site)
            kwargs["queryset"] = published_articles()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Every word of the query, folded (portal.text), in the number, the titles or the
        summaries: "121 qd" and "121/QĐ" find the same documents."""
        if not search_term.strip():
            return queryset, False
        terms = query_terms(search_term)
        if not terms:
            return queryset.none(), False
        for term in terms:
            queryset = queryset.filter(
                Q(number_key__contains=term)
                | Q(search_title__contains=term)
                | Q(search_text__contains=term)
            )
        return queryset, False

    def get_urls(self):
        view = self.admin_site.admin_view(self.articles_view)
        return [path("articles/", view, name="documents_document_articles"), *super().get_urls()]

    def articles_view(self, request):
        """Published articles whose title (either language, folded) holds every word typed,
        newest first, in the JSON Django's autocomplete widget reads."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        articles = published_articles().order_by("-published_at", "-id")
        for term in query_terms(request.GET.get("term", "")):
            articles = articles.filter(
                Q(search_title_vi__contains=term) | Q(search_title_en__contains=term)
            )
        raw = request.GET.get("page", "1")
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 1
        start = (max(number, 1) - 1) * ARTICLES_PER_PAGE
        rows = list(
            articles.values_list("pk", "title_vi", "published_at")[
                start : start + ARTICLES_PER_PAGE + 1
            ]
        )
        results = [
            {
                "id": str(pk),
                "text": f"{title} ({date_format(localtime(published), 'SHORT_DATE_FORMAT')})"
                if published
                else title,
            }
            for pk, title, published in rows[:ARTICLES_PER_PAGE]
        ]
        return JsonResponse(
            {"results": results, "pagination": {"more": len(rows) > ARTICLES_PER_PAGE}}
        )
