"""PostgreSQL: the weighted search vector of each article stored in a generated column, with
a GIN index on it, in place of the expression indexes of 0002 (news/search.py says why).
SQLite searches the folded columns and gets nothing here."""

from django.db import migrations

# news.search.search_vector(language), as SQL.
DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, COALESCE(search_title_{0}, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, COALESCE(search_text_{0}, '')), 'B')"
)
LANGUAGES = ("vi", "en")
OLD_INDEXES = {"vi": "news_article_fts_vi", "en": "news_article_fts_en"}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{OLD_INDEXES[language]}"')
        schema_editor.execute(
            f"ALTER TABLE news_article ADD COLUMN search_document_{language} tsvector "
            f"GENERATED ALWAYS AS ({DOCUMENT.format(language)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX news_article_doc_{language} ON news_article "
            f"USING gin (search_document_{language})"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"ALTER TABLE news_article DROP COLUMN search_document_{language}")
        schema_editor.execute(
            f'CREATE INDEX "{OLD_INDEXES[language]}" ON news_article '
            f"USING gin (({DOCUMENT.format(language)}))"
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0005_search_text_word_breaks")]
    operations = [migrations.RunPython(forwards, backwards)]
