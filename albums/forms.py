"""The album's change form: many photos chosen at once ("Add photos").

The field is Django's documented multiple-file pattern (a ClearableFileInput that allows
several files, a FileField whose clean() takes the list). Each file is checked by
portal.images as a single upload is; a file that fails is not an error of the form: the
good files are added and the admin names each refused file with the reason
(`AlbumAdmin.add_photos`). What is an error of the form is a batch too large to process in
one request (MAX_FILES files, MAX_MEGAPIXELS in all: about 3 s of work per 12-megapixel
photo on two cores, within the server's 30 s timeout) or an album grown past MAX_PHOTOS
(each photo is a row of the form: Django refuses a request of more than 1,000 fields); the
form is then shown again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from news.video import video_help_text
from portal.images import validate_image

from .models import Video

MAX_FILES = 20
MAX_MEGAPIXELS = 80
MAX_PHOTOS = 120
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files: `clean()` returns a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in files if item]


class AlbumAdminForm(forms.ModelForm):
    new_photos = MultipleImageField(label=_("Add photos"), required=False)

    # The admin supplies Meta (the model and the fields of its fieldsets).

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_photos = []
        if "new_photos" in self.fields:
            self.fields["new_photos"].help_text = gettext(
                "Choose many photos at once (JPEG, PNG, WebP or GIF, at most 10 MB each; up to "
                "%(files)s files and %(megapixels)s megapixels at a time). They are added after "
                "the album's photos in the order of their file names; write their captions "
                "below once saved."
            ) % {"files": MAX_FILES, "megapixels": MAX_MEGAPIXELS}

    def clean_new_photos(self):
        files = self.cleaned_data.get("new_photos") or []
        if len(files) > MAX_FILES:
            raise ValidationError(
                ngettext(
                    "You chose %(count)s file; at most %(limit)s can be added at a time.",
                    "You chose %(count)s files; at most %(limit)s can be added at a time.",
                    len(files),
                )
                % {"count": len(files), "limit": MAX_FILES},
                code="too_many_files",
            )
        accepted, refused, pixels = [], [], 0
        for upload in sorted(files, key=lambda f: f.name.casefold()):
            try:
                _format, width, height = validate_image(upload)
            except ValidationError as error:
                refused.append((upload.name, " ".join(error.messages)))
                continue
            pixels += width * height
            accepted.append(upload)
        if pixels > MAX_MEGAPIXELS * 1_000_000:
            raise ValidationError(
                _(
                    "These photos have %(megapixels)s megapixels together; at most "
                    "%(limit)s can be processed at a time. Add them in smaller batches."
                )
                % {"megapixels": round(pixels / 1_000_000), "limit": MAX_MEGAPIXELS},
                code="too_many_pixels",
            )
        present = self.instance.photos.count() if self.instance.pk else 0
        if present + len(accepted) > MAX_PHOTOS:
            raise ValidationError(
                _(
                    "The album would have %(count)s photos; an album holds at most %(limit)s. "
                    "Make a second album for the others."
                )
                % {"count": present + len(accepted), "limit": MAX_PHOTOS},
                code="too_many_photos",
            )
        self.refused_photos = refused
        return accepted

    def clean(self):
        cleaned = super().clean()
        title_en = (cleaned.get("title_en") or "").strip()
        if cleaned.get("slug_en") and not title_en:
            self.add_error("slug_en", _("An English slug needs an English title."))
        return cleaned


class PhotoInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        covers = [
            form
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("is_cover")
            and not form.cleaned_data.get("DELETE")
        ]
        if len(covers) > 1:
            raise ValidationError(
                _("Only one photo of an album can be its cover."), code="one_cover"
            )


class VideoInlineForm(forms.ModelForm):
    class Meta:
        model = Video
        fields = ["title", "video_url", "video_file", "poster", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        video = self.fields.get("video_file")
        if video is not None:
            # The limit as configured, so the page says before the upload what will be refused.
            video.help_text = video_help_text()
