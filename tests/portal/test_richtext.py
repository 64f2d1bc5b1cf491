from portal.richtext import sanitize_html


def test_scripts_and_handlers_are_removed():
    dirty = '<p onclick="x()">Hi<script>alert(1)</script><img src="x" onerror="alert(1)"></p>'
    clean = sanitize_html(dirty)
    assert "script" not in clean
    assert "onclick" not in clean and "onerror" not in clean
    assert clean.startswith("<p>Hi")


def test_javascript_urls_are_dropped_and_links_get_noopener():
    clean = sanitize_html(
        '<a href="javascript:alert(1)">x</a><a href="https://vufo.org.vn">VUFO</a>'
    )
    assert "javascript" not in clean
    assert 'href="https://vufo.org.vn"' in clean
    assert "noopener" in clean


def test_editor_markup_survives():
    html = (
        '<figure class="image"><img src="/media/a.jpg" alt="Đại hội"><figcaption>Ảnh</figcaption>'
        "</figure><h2>Tiêu đề</h2><ul><li>một</li></ul>"
    )
    assert sanitize_html(html) == html


def test_sanitized_on_save(db):
    from unions.models import Union

    union = Union.objects.create(
        name="Test", slug="test", description='<p>ok</p><script>alert("x")</script>'
    )
    union.refresh_from_db()
    assert union.description == "<p>ok</p>"
    assert union.description_vi == "<p>ok</p>"


def test_admin_edits_rich_text_with_ckeditor(admin_client, home_union):
    html = admin_client.get(f"/vi/admin/unions/union/{home_union.pk}/change/").content.decode()
    assert 'class="django_ckeditor_5' in html
    assert 'name="description_vi"' in html and 'name="description_en"' in html
