import io

import pytest

from news.models import Article, Category

pytestmark = pytest.mark.django_db


def test_demo_loads_the_five_seeds_and_is_idempotent(home_union):
    from members import demo as members_demo
    from news import demo

    members_demo.load(io.StringIO())
    demo.load(io.StringIO())
    counts = (Article.objects.count(), Category.objects.count())
    demo.load(io.StringIO())
    assert (Article.objects.count(), Category.objects.count()) == counts
    bac_giang = Article.objects.get(slug_en__startswith="bac-giang-friendship-union")
    assert bac_giang.published_at.isoformat().startswith("2023-08-15T22:43")  # 05:43 in Hanoi
    assert bac_giang.author == "Q.Hoa t.h / Thời Đại" and bac_giang.source_name == "vufo.org.vn"
    assert bac_giang.cover and bac_giang.is_public
    assert "Lục Ngạn lychees" in bac_giang.body_en
    assert Article.objects.filter(title_vi__startswith="[Bài mẫu]").count() >= 15
    assert Article.objects.filter(slug_en__isnull=True).exists()
    for category in Category.objects.all():
        assert category.articles.exists(), category
