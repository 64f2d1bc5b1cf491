from modeltranslation.translator import TranslationOptions, register

from .models import Document, DocumentFile, Issuer


@register(Issuer)
class IssuerTranslationOptions(TranslationOptions):
    fields = ("name",)


# Every document is listed in both languages: without an English title or summary the
# Vietnamese one shows (modeltranslation's fallback), marked lang="vi" in the templates.
@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "signer")
    required_languages = ("vi",)


@register(DocumentFile)
class DocumentFileTranslationOptions(TranslationOptions):
    fields = ("label",)
