"""The newsroom in the admin: Writers draft and send for review, Editors publish.

Whether a user may publish is one permission, `news.publish_article`, checked on
every path that can change an article's status: the form (the status choices and
the server-side clean), the actions, and `save_model` as a last guard.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_ckeditor_5.widgets import CKEditor5Widget
from modeltranslation.admin import TabbedTranslationAdmin

from portal import notifications, pagecache, revisions
from portal.admin import LargeListAdminMixin, YearListFilter
from portal.admin_privacy import ErasureAdminMixin
from portal.admin_revisions import RevisionAdminMixin
from portal.models import Erasure
from portal.richtext import RichTextField
from portal.text import query_terms

from .models import Article, Category, Comment, Series, SeriesArticle, Tag
from .video import video_help_text

WRITER_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)


def can_publish(user):
    return user.has_perm("news.publish_article")


def record_status_change(article, old_status, note=""):
    """After a change of status: keep (or clear) the article's "returned" state and queue the
    mails (in the caller's transaction: portal.notifications)."""
    new = article.status
    if new == old_status:
        return
    returned = new == Article.Status.DRAFT and old_status == Article.Status.REVIEW
    article.returned_at = timezone.now() if returned else None
    article.editor_note = note if returned else ""
    # update(): the save that changed the status is done; this adds no revision of its own.
    Article.objects.filter(pk=article.pk).update(
        returned_at=article.returned_at, editor_note=article.editor_note
    )
    if new == Article.Status.REVIEW:
        notifications.article_sent_for_review(article)
    elif new == Article.Status.PUBLISHED:
        notifications.article_decided(article, "article_published")
    elif returned:
        notifications.article_decided(article, "article_returned", note)


@admin.register(Category)
class CategoryAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug_vi", "slug_en", "position", "is_video")
    list_editable = ("position",)
    prepopulated_fields = {"slug_vi": ("name_vi",), "slug_en": ("name_en",)}


@admin.register(Tag)
class TagAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug_vi", "slug_en")
    search_fields = ("name_vi", "name_en")
    prepopulated_fields = {"slug_vi": ("name_vi",), "slug_en": ("name_en",)}


class ArticleAdminForm(forms.ModelForm):
    # Set per request by ArticleAdmin.get_form; the admin supplies Meta (model and fields).
    user = None
    # Kept on the article (editor_note) and sent to the writer when an Editor returns the
    # article from review to draft.
    return_note = forms.CharField(
        label=_("Note to the writer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown to the writer and sent by e-mail when you return the article from review "
            "to draft."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.user is not None and not can_publish(self.user):
            status.choices = [c for c in status.choices if c[0] in WRITER_STATUSES]
        video = self.fields.get("video_file")
        if video is not None:
            # The limit as configured, so the page says before the upload what will be refused.
            video.help_text = video_help_text()

    def clean_status(self):
        status = self.cleaned_data.get("status")
        if self.user is not None and not can_publish(self.user) and status not in WRITER_STATUSES:
            raise forms.ValidationError(
                _("Only an Editor can publish, schedule, unpublish or archive an article."),
                code="publish",
            )
        return status

    def clean(self):
        cleaned = super().clean()
        title_en = (cleaned.get("title_en") or "").strip()
        if cleaned.get("slug_en") and not title_en:
            self.add_error("slug_en", _("An English slug needs an English title."))
        return cleaned


@admin.register(Article)
class ArticleAdmin(LargeListAdminMixin, RevisionAdminMixin, TabbedTranslationAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/news/article/change_form.html"
    # ModelAdmin maps every TextField to a plain textarea; rich text keeps its editor.
    formfield_overrides = {RichTextField: {"widget": CKEditor5Widget}}
    list_display = (
        "title_vi",
        "has_english_version",
        "category",
        "status",
        "published_at",
        "is_highlight",
        "view_count",
        "created_by",
    )
    # By year in place of date_hierarchy (portal.admin.YearListFilter says why).
    list_filter = ("status", "category", "is_highlight", ("published_at", YearListFilter))
    list_select_related = ("category", "created_by")
    # The folded titles; get_search_results says how they are matched.
    search_fields = ("search_title_vi", "search_title_en")
    search_help_text = _("Searches the titles in both languages, with or without diacritics.")
    # The text of 100 articles (both languages, and its folded copies) is not read for a list.
    list_defer = ("summary", "body", "search_text_vi", "search_text_en")
    autocomplete_fields = ("tags",)
    # Not autocomplete: a Writer may pick unions without permission to view them in the admin.
    filter_horizontal = ("unions", "associations")
    readonly_fields = (
        "editor_note",
        "returned_at",
        "view_count",
        "created_by",
        "created_at",
        "updated_at",
    )
    actions = ["send_for_review", "publish", "unpublish", "archive"]
    fieldsets = (
        (None, {"fields": ("title", "slug_vi", "slug_en", "summary", "body")}),
        (
            _("Image and video"),
            {"fields": ("cover", "cover_caption", "cover_credit", "video_url", "video_file")},
        ),
        (
            _("Classification"),
            {"fields": ("category", "tags", "unions", "associations")},
        ),
        (_("Byline and source"), {"fields": ("author", "source_name", "source_url")}),
        (
            _("Publication"),
            {
                "fields": (
                    "status",
                    "editor_note",
                    "returned_at",
                    "return_note",
                    "published_at",
                    "expires_at",
                    "is_highlight",
                    "view_count",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    @admin.display(boolean=True, description=_("English version"))
    def has_english_version(self, obj):
        return obj.has_english

    def get_search_results(self, request, queryset, search_term):
        """Every word of the query, folded as the titles are (portal.text: "huu nghi" and "hữu
        nghị" are the same query), in the folded title of either language. On PostgreSQL a
        trigram index on each folded title serves these substrings (migration 0010); Django's
        own search read every title of the table, three times over."""
        if not search_term.strip():
            return queryset, False
        terms = query_terms(search_term)
        if not terms:
            return queryset.none(), False
        for term in terms:
            queryset = queryset.filter(
                Q(search_title_vi__contains=term) | Q(search_title_en__contains=term)
            )
        return queryset, False

    # Who sees and edits what.
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if can_publish(request.user):
            return qs
        return qs.filter(created_by=request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status in WRITER_STATUSES

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status == Article.Status.DRAFT

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_restore_permission(self, request, obj):
        return can_publish(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user):
            return fieldsets
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "return_note")})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["published_at", "expires_at", "is_highlight"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user) and obj.status not in WRITER_STATUSES:
            raise PermissionDenied
        if not change:
            obj.created_by = request.user
        old_status = (
            Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        record_status_change(obj, old_status, form.cleaned_data.get("return_note", ""))

    # Workflow actions.
    def _set_status(self, request, queryset, status, allowed_from, message):
        changed = 0
        with transaction.atomic():
            # The change list's queryset joins nullable relations, which PostgreSQL
            # cannot lock: lock the articles alone.
            pks = list(queryset.values_list("pk", flat=True))
            for article in Article.objects.select_for_update().filter(pk__in=pks):
                if article.status not in allowed_from:
                    continue
                revisions.record_baseline(Article, article.pk)
                old_status = article.status
                article.status = status
                if status == Article.Status.PUBLISHED and not article.published_at:
                    article.published_at = timezone.now()
                if status == Article.Status.PUBLISHED and article.is_expired:
                    # Publishing again an article whose expiry has passed puts it back
                    # online: otherwise it would be "published" and still withdrawn.
                    article.expires_at = None
                article.save()
                revisions.record(article, request.user)
                record_status_change(article, old_status)
                changed += 1
        self.message_user(request, message(changed), messages.SUCCESS)

    @admin.action(description=_("Send for review"), permissions=["change"])
    def send_for_review(self, request, queryset):
        if not can_publish(request.user):
            queryset = queryset.filter(created_by=request.user)
        self._set_status(
            request,
            queryset,
            Article.Status.REVIEW,
            (Article.Status.DRAFT,),
            lambda n: (
                ngettext("%(n)s article sent for review.", "%(n)s articles sent for review.", n)
                % {"n": n}
            ),
        )

    @admin.action(
        description=_("Publish (or schedule, if the time is in the future)"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Article.Status.PUBLISHED,
            (Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED),
            lambda n: (
                ngettext("%(n)s article published.", "%(n)s articles published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Article.Status.DRAFT,
            (Article.Status.PUBLISHED, Article.Status.REVIEW, Article.Status.ARCHIVED),
            lambda n: (
                ngettext("%(n)s article unpublished.", "%(n)s articles unpublished.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Archive"), permissions=["publish"])
    def archive(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Article.Status.ARCHIVED,
            (Article.Status.PUBLISHED, Article.Status.DRAFT, Article.Status.REVIEW),
            lambda n: ngettext("%(n)s article archived.", "%(n)s articles archived.", n) % {"n": n},
        )

    # Preview (the history of changes comes from RevisionAdminMixin).
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", wrap(self.preview_view), name="news_article_preview"),
            *super().get_urls(),
        ]

    def _visible_article(self, request, pk):
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request, pk):
        from .views import _article_queryset, render_article

        article = self._visible_article(request, pk)
        article = _article_queryset().get(pk=article.pk)
        return render_article(request, article, preview=True)

    def view_on_site(self, obj):
        if obj.is_public:
            return obj.get_absolute_url(translation.get_language()) or obj.get_absolute_url("vi")
        return reverse("admin:news_article_preview", args=[obj.pk])


class SeriesArticleInline(admin.TabularInline):
    model = SeriesArticle
    extra = 1
    fields = ("position", "article")
    autocomplete_fields = ("article",)
    ordering = ("position", "id")
    verbose_name = _("article")
    verbose_name_plural = _("articles of the series, in order (lowest position first)")


@admin.register(Series)
class SeriesAdmin(RevisionAdminMixin, TabbedTranslationAdmin):
    """Editors make series; each article's place is its position (gaps allowed)."""

    list_display = ("title", "slug_vi", "slug_en", "article_count", "updated_at")
    search_fields = ("title_vi", "title_en")
    prepopulated_fields = {"slug_vi": ("title_vi",), "slug_en": ("title_en",)}
    inlines = [SeriesArticleInline]
    fields = ("title", "slug_vi", "slug_en", "description", "cover")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description=_("articles"), ordering="entry_count")
    def article_count(self, obj):
        return obj.entry_count

    def view_on_site(self, obj):
        return obj.get_absolute_url(translation.get_language()) or obj.get_absolute_url("vi")


@admin.register(Comment)
class CommentAdmin(LargeListAdminMixin, ErasureAdminMixin, admin.ModelAdmin):
    list_display = ("name", "short_body", "article", "status", "created_at")
    list_filter = ("status", "created_at")
    list_select_related = ("article",)
    # The article is shown by its title: its text is not read for a list of comments.
    list_defer = (
        "article__summary",
        "article__summary_vi",
        "article__summary_en",
        "article__body",
        "article__body_vi",
        "article__body_en",
        "article__search_text_vi",
        "article__search_text_en",
    )
    search_fields = ("name", "email", "body")
    readonly_fields = (
        "article",
        "name",
        "email",
        "body",
        "language",
        "created_at",
        "consent_version",
        "consented_at",
    )
    fields = (
        "article",
        "name",
        "email",
        "body",
        "language",
        "created_at",
        "consent_version",
        "consented_at",
        "status",
    )
    actions = ["approve", "reject", "erase_personal_data"]
    # A commenter is erased with all their comments (same e-mail address), not just the
    # address: the text itself may say who they are.
    erasure_seed = "comments"
    erasure_kind = Erasure.Kind.COMMENTER

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("comment"))
    def short_body(self, obj):
        return format_html("{}", obj.body[:80])

    def _moderate(self, request, queryset, status):
        count = queryset.update(status=status, moderated_by=request.user)
        # update() sends no signal: the article pages that show (or showed) them must go.
        pagecache.content_changed()
        self.message_user(
            request,
            ngettext("%(n)s comment updated.", "%(n)s comments updated.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve (show on the site)"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.APPROVED)

    @admin.action(description=_("Reject (never shown)"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.REJECTED)

    def save_model(self, request, obj, form, change):
        obj.moderated_by = request.user
        super().save_model(request, obj, form, change)
