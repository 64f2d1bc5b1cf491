from modeltranslation.translator import TranslationOptions, register

from .models import AidProject, Donor, Location, Sector


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Location)
class LocationTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Donor)
class DonorTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(AidProject)
class AidProjectTranslationOptions(TranslationOptions):
    fields = ("title", "description", "coordinating_body", "decision_issuer", "beneficiaries")
