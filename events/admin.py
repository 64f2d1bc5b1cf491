"""The calendar's screen: one page per event, with its organiser and the articles about it.

The Secretariat (which organises the events) and the Editors (who publish what is written
about them) add, change and delete events; the other roles read them (portal/roles.py).
Articles are picked by autocomplete from the news admin, which only staff who may see
articles can use: for the others the list of articles is shown, not edited.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget
from modeltranslation.admin import TabbedTranslationAdmin

from portal.admin import YearListFilter
from portal.admin_revisions import RevisionAdminMixin
from portal.richtext import RichTextField

from .models import Event


@admin.register(Event)
class EventAdmin(RevisionAdminMixin, TabbedTranslationAdmin):
    # ModelAdmin maps every TextField to a plain textarea; rich text keeps its editor.
    formfield_overrides = {RichTextField: {"widget": CKEditor5Widget}}
    list_display = ("title_vi", "kind", "starts_at", "organiser", "is_published", "article_count")
    # By year in place of date_hierarchy (portal.admin.YearListFilter says why).
    list_filter = ("is_published", "kind", ("starts_at", YearListFilter), "union", "association")
    list_select_related = ("union", "association")
    search_fields = ("title_vi", "title_en", "place_vi", "place_en")
    # Associations are a handful: a plain select.
    autocomplete_fields = ("union", "articles")
    fieldsets = [
        (
            _("Event"),
            {
                "fields": [
                    "kind",
                    "title",
                    "summary",
                    ("starts_at", "ends_at"),
                    "all_day",
                    "place",
                    ("union", "association"),
                    "is_published",
                ]
            },
        ),
        (_("Details"), {"fields": ["description"]}),
        (_("Articles about the event"), {"fields": ["articles"]}),
        (_("Staff"), {"fields": ["slug", "note"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("organiser"))
    def organiser(self, event):
        return event.organisation or "–"

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, event):
        return event.article_total

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The articles' autocomplete answers only those who may see articles.
        if not request.user.has_perm("news.view_article"):
            fields.append("articles")
        return fields
