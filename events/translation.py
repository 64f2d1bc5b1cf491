from modeltranslation.translator import TranslationOptions, register

from .models import Event


@register(Event)
class EventTranslationOptions(TranslationOptions):
    # With the portal's fallback to Vietnamese: an event is a fact (a date, a place) worth
    # listing in English before its texts are translated; the page marks the text's language.
    fields = ("title", "summary", "description", "place")
