import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.sitemaps import sitemap_xml
from unions.models import Cluster, SiteSettings, Union

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_to_the_same_site(home_union):
    from unions import demo

    before = Union.objects.count()
    demo.load(io.StringIO())
    assert Union.objects.count() == before
    assert SiteSettings.current().home_union.slug == "bac-giang"
    assert not home_union.is_merged


@pytest.mark.parametrize(
    ("merged", "successor"),
    [
        ("bac-lieu", "ca-mau"),
        ("hau-giang", "can-tho"),
        ("soc-trang", "can-tho"),
        ("kien-giang", "an-giang"),
        ("tra-vinh", "vinh-long"),
        ("ben-tre", "vinh-long"),
        ("tien-giang", "dong-thap"),
        ("long-an", "tay-ninh"),
        ("ha-giang", "tuyen-quang"),
        ("hai-duong", "hai-phong"),
    ],
)
def test_demo_mergers_follow_resolution_202(home_union, merged, successor):
    union = Union.objects.get(slug=merged)
    assert union.merged_into.slug == successor
    assert union.merged_on == datetime.date(2025, 7, 1)
    assert not union.merged_into.is_merged


def test_cluster_5_has_ten_unions_led_by_can_tho(home_union):
    cluster = Cluster.objects.get(number=5)
    assert cluster.unions.count() == 10
    assert cluster.leaderships.get(year=2022).union.slug == "can-tho"


def test_merged_union_page_stays_online_and_links_to_successor(client, home_union):
    with translation.override("en"):
        url = reverse("unions:union", kwargs={"slug": "hau-giang"})
        successor = reverse("unions:union", kwargs={"slug": "can-tho"})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Merged union." in html
    assert f'href="{successor}"' in html


def test_successor_page_lists_its_predecessors(client, home_union):
    with translation.override("en"):
        response = client.get(reverse("unions:union", kwargs={"slug": "can-tho"}))
        predecessor = reverse("unions:union", kwargs={"slug": "soc-trang"})
    html = response.content.decode()
    assert "Predecessors" in html
    assert "Hậu Giang" in html and f'href="{predecessor}"' in html
    assert "Merged union." not in html


def test_network_page_marks_merged_unions(client, home_union):
    response = client.get("/vi/mang-luoi-lien-hiep/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cụm số 5" in html
    assert html.count("badge--merged") == Union.objects.filter(merged_into__isnull=False).count()


def test_home_union_detail_redirects_to_about(client, home_union):
    response = client.get("/en/network/bac-giang/")
    assert response.status_code == 301
    assert response["Location"] == "/en/about/"
    with translation.override("vi"):
        assert home_union.get_absolute_url() == "/vi/gioi-thieu/"


def test_unknown_union_is_404(client, home_union):
    assert client.get("/en/network/no-such-union/").status_code == 404


def test_merge_rules_are_validated(home_union):
    a = Union.objects.get(slug="can-tho")
    b = Union.objects.get(slug="soc-trang")
    a.merged_into = b
    a.merged_on = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError) as error:
        a.full_clean()
    assert "merged_into" in error.value.message_dict  # b already merged into a: a cycle
    c = Union.objects.get(slug="an-giang")
    c.merged_into = a
    c.merged_on = None
    with pytest.raises(ValidationError) as error:
        c.full_clean()
    assert "merged_on" in error.value.message_dict
    c.merged_into = c
    c.merged_on = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError):
        c.full_clean()


def test_site_settings_cache_is_refreshed_when_union_saved(home_union):
    assert SiteSettings.current().home_union.name_en.startswith("Bắc Giang")
    home_union.name_en = "Renamed Union"
    home_union.save()
    assert SiteSettings.current().home_union.name_en == "Renamed Union"


def test_sitemap_lists_unions_and_associations_in_both_languages(client, demo):
    body = sitemap_xml(client)
    assert "/en/network/hau-giang/" in body and "/vi/mang-luoi-lien-hiep/hau-giang/" in body
    assert "/vi/cac-hoi-huu-nghi/viet-han/" in body
    assert "/network/bac-giang/" not in body
