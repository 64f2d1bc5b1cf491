from modeltranslation.translator import TranslationOptions, register

from .models import Entry


@register(Entry)
class EntryTranslationOptions(TranslationOptions):
    # The words a reader is matched against are in EntryText, one column per language.
    fields = ("title", "summary", "url")
    # No fallback: an object without an English page is not found in English.
    fallback_languages = {"default": ()}
