import pytest
from django.core.cache import cache

from members.models import Association, MembershipApplication
from members.views import JOIN_RATE_LIMIT

pytestmark = pytest.mark.django_db

URL_VI = "/vi/gia-nhap/"
URL_EN = "/en/join/"


def _data(**overrides):
    association = Association.objects.get(slug="viet-lao")
    data = {
        "association": association.pk,
        "full_name": "Vũ Thị Ứng Viên",
        "email": "ung.vien@example.org",
        "phone": "",
        "birth_year": "1995",
        "occupation": "Sinh viên",
        "motivation": "Tôi muốn giao lưu với bạn bè Lào.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_valid_application_is_stored_and_redirects(client, demo):
    response = client.post(URL_EN, _data())
    assert response.status_code == 302
    assert response["Location"] == "/en/join/thank-you/"
    application = MembershipApplication.objects.get(full_name="Vũ Thị Ứng Viên")
    assert application.consent and application.status == "pending"


@pytest.mark.parametrize(
    ("overrides", "message_vi"),
    [
        ({"consent": ""}, "Vui lòng đánh dấu đồng ý"),
        ({"email": "", "phone": ""}, "Hãy cho biết email hoặc số điện thoại"),
        ({"email": "not-an-email"}, "Nhập địa chỉ email hợp lệ"),
        ({"birth_year": "1850"}, "Nhập năm sinh trong khoảng 1900"),
        ({"birth_year": "abc"}, "Nhập năm bằng chữ số"),
        ({"phone": "call me"}, "Nhập số điện thoại có ít nhất 8 chữ số"),
        ({"association": "999999"}, "Hãy chọn một hội trong danh sách"),
        ({"full_name": ""}, "Vui lòng nhập họ và tên"),
        ({"motivation": ""}, "Vui lòng cho biết lý do"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_keeps_what_was_typed(
    client, demo, overrides, message_vi
):
    response = client.post(URL_VI, _data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message_vi in html
    assert "Vũ Thị Ứng Viên" in html or overrides.get("full_name") == ""
    assert "Tôi muốn giao lưu với bạn bè Lào." in html or overrides.get("motivation") == ""
    assert not MembershipApplication.objects.filter(full_name="Vũ Thị Ứng Viên").exists()


def test_bad_input_in_english(client, demo):
    response = client.post(URL_EN, _data(consent=""))
    assert response.status_code == 400
    assert "Please give your consent" in response.content.decode()


def test_dissolved_association_cannot_be_chosen(client, demo):
    association = Association.objects.get(slug="viet-lao")
    association.status = Association.Status.DISSOLVED
    association.save()
    response = client.post(URL_EN, _data())
    assert response.status_code == 400


def test_honeypot_looks_like_success_but_stores_nothing(client, demo):
    response = client.post(URL_EN, _data(website="http://spam.example"))
    assert response.status_code == 302
    assert not MembershipApplication.objects.filter(full_name="Vũ Thị Ứng Viên").exists()


def test_rate_limit_per_address(client, demo):
    for i in range(JOIN_RATE_LIMIT):
        assert client.post(URL_EN, _data(full_name=f"Người {i}")).status_code == 302
    response = client.post(URL_EN, _data(full_name="Một lần nữa"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert "Một lần nữa" in response.content.decode()
    assert not MembershipApplication.objects.filter(full_name="Một lần nữa").exists()
    # Another address is not affected.
    other = client.post(URL_EN, _data(full_name="Người khác"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
    cache.clear()


def test_preselected_association_and_bad_query_parameter(client, demo):
    response = client.get(URL_EN + "?association=viet-han")
    assert response.status_code == 200
    pk = Association.objects.get(slug="viet-han").pk
    assert f'<option value="{pk}" selected>' in response.content.decode()
    assert client.get(URL_EN + "?association=nope").status_code == 404
