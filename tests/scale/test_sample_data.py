"""generate_sample_data: counts, what save() would have stored, repeatability, removal, and
each app making its own sample rows (portal.sampledata imports no app)."""

import ast
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from aid.models import AidProject, Transaction
from congresses.models import Congress, Mandate, Person
from members.models import Association, Branch, Member
from news.models import Article
from portal import sampledata
from portal.models import SampleRecord
from portal.text import search_text
from tests import factories

ROOT = Path(__file__).resolve().parents[2]

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


def generated_rows():
    return {
        "articles": list(
            Article.objects.order_by("pk").values_list("title_vi", "body_en", "slug_vi", "cover")
        ),
        "members": list(Member.objects.order_by("pk").values_list("full_name", "birth_year")),
        "chapters": list(Branch.objects.order_by("pk").values_list("name_vi", "association__slug")),
        "people": list(Person.objects.order_by("pk").values_list("slug", "mandates__position")),
        "transactions": list(
            Transaction.objects.order_by("pk").values_list(
                "amount", "currency", "project__title_en"
            )
        ),
    }


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data(home_union):
    run(*COUNTS, "--seed=5")
    first = generated_rows()
    run("--remove")
    run(*COUNTS, "--seed=5")
    second = generated_rows()
    # Image names are drawn afresh: which image an article shows is what repeats.
    for rows in (first, second):
        covers = {}
        rows["articles"] = [
            (*row[:3], row[3] and covers.setdefault(row[3], len(covers)))
            for row in rows["articles"]
        ]
    assert first == second
    # Dates are drawn back from "now", which moves on; the rest is the seed's. These values
    # change only when the generator does, and then the benchmark's data changes too.
    assert (first["members"][0], first["articles"][0][0], first["people"][0][0]) == (
        ("Hoàng Ngọc Giang", 1955),
        "Giao lưu văn hóa hữu nghị Việt Nam – Anh tại Bắc Giang",
        "dang-thi-huyen-s1",
    )


@pytest.mark.django_db
def test_counts_it_cannot_make_are_refused(home_union):
    with pytest.raises(CommandError, match="negative"):
        run("--articles=-1")
    with pytest.raises(CommandError, match="association"):
        run("--associations=0", "--chapters=3")
    assert not SampleRecord.objects.exists()


def test_portal_sampledata_imports_no_app():
    """portal holds the shared machinery only; each app's part is in <app>/sampledata.py."""
    apps = {entry.split(".")[0] for entry in settings.INSTALLED_APPS}
    apps = {name for name in apps if (ROOT / name).is_dir() and name != "portal"}
    assert {"news", "members", "unions", "congresses", "aid"} <= apps
    tree = ast.parse((ROOT / "portal" / "sampledata.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not {name for name in imported if name.split(".")[0] in apps}


def test_each_app_makes_its_own_sample_data():
    steps = sampledata.app_steps()
    assert [module.__name__ for module in steps] == [
        "unions.sampledata",
        "members.sampledata",
        "congresses.sampledata",
        "news.sampledata",
        "aid.sampledata",
    ]
    assert list(sampledata.counts_offered()) == [
        "associations",
        "chapters",
        "members",
        "congresses",
        "articles",
        "aid_projects",
        "transactions",
    ]
    for module in steps:  # an app's sample rows are of its own models
        app = module.__name__.split(".")[0]
        assert {model._meta.app_label for model in module.SAMPLE_MODELS} == {app}


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
