from modeltranslation.translator import TranslationOptions, register

from .models import Congress, CongressDocument, CongressPhoto, Mandate, Person


@register(Congress)
class CongressTranslationOptions(TranslationOptions):
    fields = ("venue", "guests", "summary", "directions")


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    # Names keep their diacritics in both languages; only the titles are translated.
    fields = ("titles",)


@register(Mandate)
class MandateTranslationOptions(TranslationOptions):
    fields = ("change_reason",)


@register(CongressDocument)
class CongressDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(CongressPhoto)
class CongressPhotoTranslationOptions(TranslationOptions):
    fields = ("caption",)
