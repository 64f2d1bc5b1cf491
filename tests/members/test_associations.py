import pytest
from django.core.exceptions import ValidationError

from members.models import Association

pytestmark = pytest.mark.django_db


def test_list_shows_flags_with_alt_text_and_member_counts(client, demo):
    html = client.get("/en/associations/").content.decode()
    assert html.count('class="card association-card"') == 8
    assert 'alt="Flag of Czechia"' in html and 'alt="Flag of Slovakia"' in html
    assert "/static/members/flags/cz.svg" in html
    vi = client.get("/vi/cac-hoi-huu-nghi/").content.decode()
    assert 'alt="Cờ Séc"' in vi and "hội viên" in vi


def test_detail_page(client, demo):
    response = client.get("/en/associations/viet-sec-slovakia/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Czechia, Slovakia" in html
    assert "Chapters" in html and "Lục Ngạn" in html
    assert "?association=viet-sec-slovakia" in html
    assert client.get("/en/associations/nope/").status_code == 404


def test_country_codes_are_validated_and_normalised(demo):
    association = Association.objects.get(slug="viet-han")
    association.countries = "cz,sk"
    association.save()
    assert association.countries == "CZ, SK"
    assert [c.code for c in association.partner_countries] == ["CZ", "SK"]
    for bad in ["", "XX", "CZ, CZ"]:
        association.countries = bad
        with pytest.raises(ValidationError):
            association.full_clean()


def test_card_counts_in_both_languages_and_escapes(home_union):
    import datetime

    from django.utils import translation

    from members.templatetags.members import association_card

    association = Association.objects.create(
        name_vi="Hội <Việt> – Lào",
        slug="hoi-viet-lao-thu",
        union=home_union,
        countries="LA, KH",
        founded_on=datetime.date(1998, 10, 12),
    )
    association.branch_count, association.latest_members = 1, 1
    with translation.override("en"):
        card = association_card(association)
    assert card == (
        '<li class="card association-card">\n'
        '    <h2 class="association-card__title"><span class="flags">'
        '<img class="flag" src="/static/members/flags/la.svg" alt="Flag of Laos" width="24"'
        ' height="18" loading="lazy">'
        '<img class="flag" src="/static/members/flags/kh.svg" alt="Flag of Cambodia" width="24"'
        ' height="18" loading="lazy"></span> '
        '<a href="/en/associations/hoi-viet-lao-thu/">Hội &lt;Việt&gt; – Lào</a></h2>\n'
        '    <p class="association-card__meta muted">\n'
        "      1 chapter · 1 member · founded 1998\n"
        "    </p>\n"
        "  </li>"
    )
    association.branch_count, association.latest_members = 12, 12345
    association.founded_on = None
    with translation.override("vi"):
        card = association_card(association, sample=True)
    assert '12 chi hội · 12.345 hội viên <span class="sample-mark">(mẫu)</span>\n' in card
    association.latest_members = None
    with translation.override("en"):
        assert "      12 chapters\n" in association_card(association, sample=True)
