"""generate_sample_data: counts, what save() would have stored, repeatability, removal."""

import io

import pytest
from django.core.management import call_command

from aid.models import AidProject, Transaction
from congresses.models import Congress, Mandate
from members.models import Association, Branch, Member
from news.models import Article
from news.text import search_text
from portal.models import SampleRecord
from tests import factories

COUNTS = [
    "--articles=120",
    "--associations=3",
    "--chapters=6",
    "--members=40",
    "--congresses=4",
    "--aid-projects=12",
    "--transactions=50",
    "--images=1",
]


def run(*args):
    out = io.StringIO()
    call_command("generate_sample_data", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_generates_the_counts_asked_for_on_top_of_existing_data(home_union):
    own = Association.objects.create(
        name="Hội hữu nghị Việt Nam – Lào", slug="own", union=home_union
    )
    run(*COUNTS, "--seed=3")
    assert Article.objects.count() == 120
    assert Association.objects.count() == 4
    assert Branch.objects.count() == 6
    assert Member.objects.count() == 40
    assert Congress.objects.count() == 4
    assert Mandate.objects.count() > 4 * 7  # an executive committee each
    assert AidProject.objects.count() == 12
    assert Transaction.objects.count() == 50
    assert not SampleRecord.objects.filter(object_id=own.pk, content_type__model="association")
    # 20 years of news, with diacritics, in two languages.
    years = {d.year for d in Article.objects.dates("published_at", "year")}
    assert len(years) >= 15
    assert Article.objects.filter(
        title_vi__regex=r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]"
    ).exists()
    assert Article.objects.exclude(slug_en=None).exclude(title_en="").exists()
    assert Article.objects.filter(slug_en=None, title_en="").exists()


@pytest.mark.django_db
def test_bulk_inserts_store_what_save_would(home_union):
    run(*COUNTS, "--seed=4")
    for article in Article.objects.all():
        assert article.search_title_vi == search_text(article.title_vi)
        assert article.search_text_vi == search_text(article.summary_vi, article.body_vi)
        english = search_text(article.summary_en, article.body_en) if article.title_en else ""
        assert article.search_text_en == english
        assert article.search_title_en == search_text(article.title_en)
        assert article.created_at == article.published_at  # not the day of generation
    # A generated article saved through the ORM keeps its search text and slugs.
    article = Article.objects.exclude(slug_en=None).first()
    before = (article.search_text_vi, article.slug_vi, article.slug_en)
    article.save()
    article.refresh_from_db()
    assert (article.search_text_vi, article.slug_vi, article.slug_en) == before
    for mandate in Mandate.objects.all():
        assert mandate.rank == list(Mandate.Position.values).index(mandate.position)
    for branch in Branch.objects.all():
        assert branch.union_id == branch.association.union_id


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_text(home_union):
    run(*COUNTS, "--seed=5")
    first = list(Article.objects.order_by("pk").values_list("title_vi", "body_en", "published_at"))
    run("--remove")
    run(*COUNTS, "--seed=5")
    second = list(Article.objects.order_by("pk").values_list("title_vi", "body_en", "published_at"))
    # Dates are drawn back from "now", which moved on a little.
    assert [row[:2] for row in first] == [row[:2] for row in second]


@pytest.mark.django_db
def test_remove_deletes_sample_rows_and_only_them(home_union, settings):
    own = factories.article(title_vi="Bài của biên tập viên", title_en="")
    run(*COUNTS, "--seed=6")
    run(*COUNTS, "--seed=7")  # a second run adds to the first
    assert Article.objects.count() == 241
    out = io.StringIO()
    call_command("remove_sample_data", stdout=out)
    assert list(Article.objects.all()) == [own]
    assert not Member.objects.exists()
    assert not AidProject.objects.exists()
    assert not SampleRecord.objects.exists()
    media = settings.MEDIA_ROOT / "sample"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
