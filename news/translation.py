from modeltranslation.translator import TranslationOptions, register

from .models import Article, Category, Series, Tag


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "cover_caption")
    # Readers of /en/ see English text or nothing: never Vietnamese under an English heading.
    fallback_languages = {"default": ()}


@register(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    # As for articles: an English page shows English text or does not exist.
    fallback_languages = {"default": ()}
