from modeltranslation.translator import TranslationOptions, register

from .models import Association


@register(Association)
class AssociationTranslationOptions(TranslationOptions):
    fields = ("name", "description")
