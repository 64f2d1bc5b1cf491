"""GIN indexes for full-text search, on PostgreSQL only (SQLite searches the folded columns)."""

from django.db import migrations

INDEXES = {"vi": "news_article_fts_vi", "en": "news_article_fts_en"}


def _index(language):
    from django.contrib.postgres.indexes import GinIndex

    from news.search import search_vector

    return GinIndex(search_vector(language), name=INDEXES[language])


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("news", "Article")
    for language in INDEXES:
        schema_editor.add_index(Article, _index(language))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("news", "Article")
    for language in INDEXES:
        schema_editor.remove_index(Article, _index(language))


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
