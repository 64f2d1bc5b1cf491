from modeltranslation.translator import TranslationOptions, register

from .models import Album, Photo, Video

# Readers of /en/ see English text or nothing (as articles): never Vietnamese under an
# English heading. A photo without an English caption gets a generic text there.
NO_FALLBACK = {"default": ()}


@register(Album)
class AlbumTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    fallback_languages = NO_FALLBACK


@register(Photo)
class PhotoTranslationOptions(TranslationOptions):
    fields = ("caption",)
    fallback_languages = NO_FALLBACK


@register(Video)
class VideoTranslationOptions(TranslationOptions):
    fields = ("title",)
    fallback_languages = NO_FALLBACK
