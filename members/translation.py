from modeltranslation.translator import TranslationOptions, register

from .models import Association, Branch


@register(Association)
class AssociationTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Branch)
class BranchTranslationOptions(TranslationOptions):
    fields = ("name", "locality")
