"""Recompute the search columns: block ends now separate words ("thật.</p><p>Nội" was
stored as "that.noi", which the full-text parser does not split), and entities are decoded."""

from django.db import migrations

BATCH = 2000


def recompute(apps, schema_editor):
    from portal.text import search_text

    Article = apps.get_model("news", "Article")
    fields = ["search_title_vi", "search_text_vi", "search_title_en", "search_text_en"]
    articles = Article.objects.only(
        "title_vi", "summary_vi", "body_vi", "title_en", "summary_en", "body_en", *fields
    ).order_by("pk")
    batch = []
    for article in articles.iterator(chunk_size=BATCH):
        article.search_title_vi = search_text(article.title_vi)
        article.search_text_vi = search_text(article.summary_vi, article.body_vi)
        article.search_title_en = search_text(article.title_en)
        article.search_text_en = (
            search_text(article.summary_en, article.body_en) if article.title_en else ""
        )
        batch.append(article)
        if len(batch) == BATCH:
            Article.objects.bulk_update(batch, fields)
            batch = []
    Article.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [("news", "0004_alter_article_video_file")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
