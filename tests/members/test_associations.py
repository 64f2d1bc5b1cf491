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
