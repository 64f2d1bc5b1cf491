from modeltranslation.translator import TranslationOptions, register

from .models import Entry


@register(Entry)
class EntryTranslationOptions(TranslationOptions):
    # `text` too: a reader is matched against the words of the page in their language.
    fields = ("title", "summary", "url", "text")
    # No fallback: an object without an English page is not found in English.
    fallback_languages = {"default": ()}
