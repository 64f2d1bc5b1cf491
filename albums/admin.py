"""Albums in the admin: the album with its photos and videos on one page.

Photos are added many at a time ("Add photos", albums.forms) and then edited as ordered rows
(captions in both languages, the cover). Who may do what is portal/roles.py: Writers put
albums together but neither publish nor change a published album; Editors, the Secretariat
and Administrators publish (`albums.publish_album`).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from PIL import Image

from portal.admin_revisions import RevisionAdminMixin
from portal.templatetags.images import picture_url

from .forms import AlbumAdminForm, PhotoInlineFormSet, VideoInlineForm
from .models import Album, Photo, Video

ORDER_STEP = 10  # room to move a photo between two others by its number


def can_publish(user):
    return user.has_perm("albums.publish_album")


class PhotoInline(TranslationTabularInline):
    """The album's photos as rows: captions, credit, cover, order. Photos come in through
    "Add photos" only, so a row never replaces its file (delete it and add another)."""

    model = Photo
    formset = PhotoInlineFormSet
    fields = ("thumbnail", "caption", "credit", "is_cover", "order")
    readonly_fields = ("thumbnail",)
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("preview"))
    def thumbnail(self, photo):
        if not photo.image:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">'
            '<img src="{}" alt="" width="120" class="albums-admin__thumbnail"></a>',
            photo.image.url,
            picture_url(photo.image, 320),
        )


class VideoInline(TranslationStackedInline):
    model = Video
    form = VideoInlineForm
    fields = ("title", "video_url", "video_file", "poster", "order")
    extra = 0


@admin.register(Album)
class AlbumAdmin(RevisionAdminMixin, TabbedTranslationAdmin):
    form = AlbumAdminForm
    list_display = (
        "title_vi",
        "kind",
        "date",
        "has_english_version",
        "photo_total",
        "video_total",
        "is_published",
    )
    list_filter = ("kind", "is_published")
    search_fields = ("title_vi", "title_en")
    autocomplete_fields = ("congress", "articles")
    inlines = [PhotoInline, VideoInline]
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug_vi", "slug_en", "description", "date")}),
        (_("Add photos"), {"fields": ("new_photos",)}),
        (_("Links"), {"fields": ("congress", "articles")}),
        (_("Publication"), {"fields": ("is_published",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                photo_number=Count("photos", distinct=True),
                video_number=Count("videos", distinct=True),
            )
        )

    @admin.display(boolean=True, description=_("English version"))
    def has_english_version(self, album):
        return album.has_english

    @admin.display(description=_("photos"), ordering="photo_number")
    def photo_total(self, album):
        return album.photo_number

    @admin.display(description=_("videos"), ordering="video_number")
    def video_total(self, album):
        return album.video_number

    # Permissions ---------------------------------------------------------------------------
    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # A published album is public content: changed only by those who may publish it.
        return obj is None or not obj.is_published or can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        user = request.user
        if not can_publish(user):
            fields.append("is_published")
        # The links are picked by autocomplete from the other app's admin, which answers
        # only those who may read it there.
        if not user.has_perm("congresses.view_congress"):
            fields.append("congress")
        if not user.has_perm("news.view_article"):
            fields.append("articles")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("albums.add_photo"):
            return fieldsets
        return [fieldset for fieldset in fieldsets if "new_photos" not in fieldset[1]["fields"]]

    # Saving --------------------------------------------------------------------------------
    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # After the photo rows (their order is final), before RevisionAdminMixin records the
        # album: the new photos are part of the same revision.
        if formset.model is Photo:
            self.add_photos(request, form)

    def add_photos(self, request, form):
        album = form.instance
        if not request.user.has_perm("albums.add_photo"):
            return  # the field is not on their page (get_fieldsets)
        refused = list(getattr(form, "refused_photos", []))
        uploads = form.cleaned_data.get("new_photos") or []
        order = album.photos.aggregate(last=Max("order"))["last"] or 0
        added = 0
        for upload in uploads:
            order += ORDER_STEP
            photo = Photo(album=album, image=upload, order=order)
            try:
                # One photo's failure leaves the others (and the album) saved.
                with transaction.atomic():
                    photo.save()
            except ValidationError as error:
                refused.append((upload.name, " ".join(error.messages)))
            except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
                # Its header was sound, its pixels were not (a truncated file).
                refused.append((upload.name, gettext("The file is not an image or it is damaged.")))
            else:
                added += 1
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)s photo added to the album.",
                    "%(count)s photos added to the album.",
                    added,
                )
                % {"count": added},
            )
        for name, reason in refused:
            messages.warning(
                request,
                gettext("“%(name)s” was not added: %(reason)s") % {"name": name, "reason": reason},
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST" and request.FILES.getlist("new_photos"):
            # A browser never fills a file field in again: say so rather than lose them quietly.
            messages.warning(
                request,
                gettext(
                    "The photos you chose were not added, because of the errors below. "
                    "Correct them and choose the photos again."
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
