from modeltranslation.translator import TranslationOptions, register

from .models import Cluster, Milestone, SiteSettings, Union


@register(Union)
class UnionTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "short_name",
        "province",
        "motto",
        "description",
        "functions",
        "address",
        "founding_decision_issuer",
    )


@register(Cluster)
class ClusterTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "text")


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("licence",)
