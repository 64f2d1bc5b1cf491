"""A Writer drafts with an image, an Editor publishes, a reader finds, switches and comments."""

import io

import pytest

from tests import factories
from tests.security.helpers import authenticator, browser_form_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-pass-2026!"


def _login(page, base, username, device=None):
    browser_form_login(page, base, username, PASSWORD, "/vi/admin/news/article/", device)


def _run_action(page, title, action):
    row = page.locator("#result_list tr", has_text=title)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_writer_editor_reader_journey(live_server, browser, artifacts, tmp_path, category):
    from news.models import Article, Comment
    from portal.roles import sync_role_permissions
    from unions import demo as unions_demo

    unions_demo.load(io.StringIO())
    sync_role_permissions()  # transaction=True flushed the permissions post_migrate gave
    factories.staff_user("writer", "Writer", PASSWORD)
    # Editors must sign in with a second factor (settings.TWO_FACTOR_REQUIRED_ROLES).
    editor_device = authenticator(factories.staff_user("editor", "Editor", PASSWORD))
    photo = tmp_path / "gap-mat.jpg"
    photo.write_bytes(factories.image_bytes(size=(1600, 900), color=(11, 79, 138)))
    base = live_server.url

    # 1. The Writer drafts an article with a cover image and sends it for review.
    writer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = writer.new_page()
    _login(page, base, "writer")
    page.goto(f"{base}/vi/admin/news/article/add/")
    page.fill("#id_title_vi", "Hội hữu nghị Việt – Lào gặp mặt sinh viên Lào")
    page.locator(".ck-editor__editable").first.click()
    page.keyboard.type("Buổi gặp mặt thân mật tại Bắc Giang.")
    # modeltranslation's switch shows every field's English tab at once.
    page.select_option("#modeltranslation-main-switch", "en")
    page.fill("#id_title_en", "Vietnam–Laos Friendship Association meets Lao students")
    page.fill("#id_summary_en", "A friendly meeting in Bắc Giang.")
    page.set_input_files("#id_cover", str(photo))
    page.select_option("#id_category", label="Tin tức & Sự kiện")
    assert page.locator("#id_status option[value=published]").count() == 0
    page.screenshot(path=artifacts / "news-admin-writer-add.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url(f"{base}/vi/admin/news/article/")
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and article.cover
    _run_action(page, "Hội hữu nghị Việt – Lào", "send_for_review")
    page.wait_for_load_state()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert page.locator("select[name=action] option[value=publish]").count() == 0
    writer.close()

    # 2. The Editor publishes it.
    editor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = editor.new_page()
    _login(page, base, "editor", editor_device)
    _run_action(page, "Hội hữu nghị Việt – Lào", "publish")
    page.wait_for_load_state()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    # 3. A reader finds it without diacritics, switches language and comments.
    reader = browser.new_context(viewport={"width": 375, "height": 800}, locale="vi-VN")
    rpage = reader.new_page()
    rpage.goto(f"{base}/vi/")
    rpage.fill("#site-search", "hoi huu nghi viet lao")
    rpage.press("#site-search", "Enter")
    rpage.wait_for_url("**/vi/tim-kiem/**")
    assert rpage.locator(".news-result mark").first.inner_text() == "Hội"
    rpage.screenshot(path=artifacts / "news-search-vi-375.png", full_page=True)
    rpage.locator(".news-result a").first.click()
    rpage.wait_for_url(f"**/vi/tin-tuc/{article.slug_vi}/")
    assert rpage.locator(".news-article__cover picture source[type='image/webp']").count() == 1
    rpage.get_by_role("link", name="English").click()
    rpage.wait_for_url(f"**/en/news/{article.slug_en}/")
    assert "Vietnam–Laos Friendship Association" in rpage.locator("h1").inner_text()
    rpage.fill("#id_name", "Jane Reader")
    rpage.fill("#id_email", "jane@example.org")
    rpage.fill("#id_body", "Wonderful to read about this meeting.")
    rpage.check("#id_consent")
    rpage.click(".news-comment-form button[type=submit]")
    rpage.wait_for_url(f"**/en/news/{article.slug_en}/**")
    assert "will appear once approved" in rpage.content()
    assert "Wonderful to read" not in rpage.locator("#comments").inner_text()
    assert rpage.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # 4. The Editor approves; now the comment is public.
    page.goto(f"{base}/vi/admin/news/comment/")
    _run_action(page, "Jane Reader", "approve")
    page.wait_for_load_state()
    assert Comment.objects.get().status == Comment.Status.APPROVED
    rpage.reload()
    assert "Wonderful to read about this meeting." in rpage.locator("#comments").inner_text()
    rpage.screenshot(path=artifacts / "news-article-en-375.png", full_page=True)
    reader.close()
    editor.close()
