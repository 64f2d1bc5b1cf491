from modeltranslation.translator import TranslationOptions, register

from .models import SiteSettings, Union


@register(Union)
class UnionTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "province", "motto", "description", "address")


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("licence",)
