"""A reader's journey through the gallery in Chromium, in both languages: the gallery, an
album, the viewer opened with a click, the next photo with the arrow key, closed with Escape
(the focus back on the thumbnail); on a phone, a swipe and the next button; and the same
album with JavaScript off, every photo on the page and each one a link to the large photo.

The demo albums (albums.demo) are loaded on their own; their photos are served from the
test's MEDIA_ROOT by the browser's router (the live server serves no media, as production
leaves it to nginx)."""

import io
import mimetypes
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GALLERY = {"vi": "/vi/thu-vien/", "en": "/en/gallery/"}
TITLE = {"vi": "Giao lưu hữu nghị (album mẫu)", "en": "A friendship exchange (sample album)"}
PHOTOS = 10

WATCH = """
window.__problems = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__problems.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""

# Every image the selector finds is loaded and shown.
ALL_LOADED = "(s) => [...document.querySelectorAll(s)].every(i => i.complete && i.naturalWidth)"

SWIPE_LEFT = """() => {
  const dialog = document.querySelector('dialog.album-viewer');
  const touch = (x) => new Touch({identifier: 1, target: dialog, clientX: x, clientY: 400});
  dialog.dispatchEvent(new TouchEvent('touchstart',
    {touches: [touch(320)], changedTouches: [touch(320)], bubbles: true}));
  dialog.dispatchEvent(new TouchEvent('touchend',
    {touches: [], changedTouches: [touch(80)], bubbles: true}));
}"""


@pytest.fixture
def albums(db):
    from albums import demo

    demo.load(io.StringIO())


def serve_media(route):
    path = Path(settings.MEDIA_ROOT) / route.request.url.split("/media/", 1)[1].split("?")[0]
    if not path.is_file():
        route.fulfill(status=404, body="")
        return
    route.fulfill(
        status=200,
        body=path.read_bytes(),
        headers={"Content-Type": mimetypes.guess_type(path.name)[0] or "application/octet-stream"},
    )


def new_page(browser, width, javascript=True, touch=False):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 900},
        locale="vi-VN",
        java_script_enabled=javascript,
        has_touch=touch,
        is_mobile=touch,
    )
    context.route(re.compile(r".*/media/.*"), serve_media)
    page = context.new_page()
    page.add_init_script(WATCH)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    return page


def shows(page, number):
    """The viewer is open on photo `number` (Playwright waits for it: a tap's click comes
    after the touch events)."""
    expect(page.locator("dialog.album-viewer")).to_be_visible()
    expect(page.locator(".album-viewer__counter")).to_have_text(f"{number} / {PHOTOS}")
    return True


def closed_on(page, number):
    """The viewer is closed and the focus is on the thumbnail of photo `number`."""
    expect(page.locator("dialog.album-viewer")).to_be_hidden()
    expect(page.locator(f"#photo-{number} a.album-grid__link")).to_be_focused()
    return True


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_album_from_gallery(page, base, language, artifacts, width):
    page.goto(base + GALLERY[language])
    assert no_sideways_scroll(page)
    page.screenshot(path=artifacts / f"albums-gallery-{language}-{width}.png", full_page=True)
    page.get_by_role("link", name=TITLE[language]).click()
    page.wait_for_url(re.compile(r"/(thu-vien|gallery)/[\w-]+/$"))
    assert page.locator("h1").inner_text() == TITLE[language]
    assert page.locator("a.album-grid__link").count() == PHOTOS
    page.locator("#photo-10 img").scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.album-grid img')].every(i => i.complete && i.naturalWidth)"
    )
    page.evaluate("window.scrollTo(0, 0)")
    assert no_sideways_scroll(page)
    page.screenshot(path=artifacts / f"albums-album-{language}-{width}.png", full_page=True)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_viewer_on_a_desktop_with_mouse_and_keyboard(
    live_server, browser, albums, artifacts, language
):
    page = new_page(browser, 1280)
    open_album_from_gallery(page, live_server.url, language, artifacts, 1280)

    third = page.locator("#photo-3 a.album-grid__link")
    third.click()
    assert shows(page, 3)
    image = page.locator(".album-viewer__image")
    assert image.evaluate("img => img.src") == third.evaluate("a => a.href")
    page.wait_for_function("document.querySelector('.album-viewer__image').naturalWidth > 0")
    caption = page.locator(".album-viewer__caption").inner_text()
    assert caption.startswith("Ảnh mẫu 3/10" if language == "vi" else "Sample photo 3 of 10")

    page.keyboard.press("ArrowRight")
    assert shows(page, 4)
    assert image.get_attribute("alt").startswith("Ảnh mẫu 4/10" if language == "vi" else "Sample")
    page.wait_for_function("document.querySelector('.album-viewer__image').complete")
    page.screenshot(path=artifacts / f"albums-viewer-{language}-1280.png")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert shows(page, 2)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")

    page.keyboard.press("Escape")
    # The focus is on the thumbnail of the photo last shown.
    assert closed_on(page, 4)

    # With the keyboard alone: Enter on a thumbnail opens it, End goes to the last photo,
    # and the next photo after the last is the first.
    page.keyboard.press("Enter")
    assert shows(page, 4)
    page.keyboard.press("End")
    assert shows(page, PHOTOS)
    page.keyboard.press("ArrowRight")
    assert shows(page, 1)
    page.get_by_role("button", name="Đóng" if language == "vi" else "Close").click()
    assert closed_on(page, 1)

    assert page.evaluate("window.__problems") == []
    assert page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_viewer_on_a_phone_with_a_swipe_and_the_next_button(
    live_server, browser, albums, artifacts, language
):
    page = new_page(browser, 390, touch=True)
    open_album_from_gallery(page, live_server.url, language, artifacts, 390)
    page.locator("#photo-1 a.album-grid__link").tap()
    assert shows(page, 1)
    page.evaluate(SWIPE_LEFT)
    assert shows(page, 2)
    next_button = page.get_by_role("button", name="Ảnh sau" if language == "vi" else "Next photo")
    assert next_button.is_visible()
    next_button.tap()
    assert shows(page, 3)
    # The photo fits the screen, the buttons are large enough for a thumb.
    box = page.locator(".album-viewer__image").bounding_box()
    assert box["width"] <= 390 and box["height"] <= 844
    assert next_button.bounding_box()["width"] >= 44
    page.wait_for_function("document.querySelector('.album-viewer__image').complete")
    page.screenshot(path=artifacts / f"albums-viewer-{language}-390.png")
    page.get_by_role("button", name="Đóng" if language == "vi" else "Close").tap()
    assert closed_on(page, 3)
    assert no_sideways_scroll(page)
    assert page.evaluate("window.__problems") == []
    assert page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_without_javascript_every_photo_is_on_the_page(
    live_server, browser, albums, artifacts, language, width
):
    page = new_page(browser, width, javascript=False)
    page.goto(live_server.url + GALLERY[language])
    page.get_by_role("link", name=TITLE[language]).click()
    page.wait_for_load_state("load")
    links = page.locator("a.album-grid__link")
    assert links.count() == PHOTOS
    # Every thumbnail is shown (none waits for a script) and every caption is on the page.
    for n in range(PHOTOS):
        page.locator(f"#photo-{n + 1} img").scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.album-grid img')].every(i => i.complete && i.naturalWidth)"
    )
    captions = page.locator(".album-grid figcaption").all_inner_texts()
    assert len(captions) == PHOTOS
    assert not page.locator("dialog.album-viewer").is_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=artifacts / f"albums-nojs-{language}-{width}.png", full_page=True)
    # A thumbnail opens its large photo.
    href = links.nth(4).get_attribute("href")
    links.nth(4).click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    assert page.evaluate("document.contentType") == "image/jpeg"
    page.context.close()


def test_an_editor_adds_many_photos_at_once_in_the_admin(live_server, browser, artifacts, tmp_path):
    """The staff side in the browser: several files chosen in one file input, saved, then
    shown as ordered rows with their thumbnails and captions in both languages."""
    from albums.models import Album
    from portal.roles import EDITOR, sync_role_permissions
    from tests.factories import image_bytes, staff_user
    from tests.security.helpers import browser_login

    sync_role_permissions()
    editor = staff_user("album-editor", EDITOR)
    files = []
    for n, size in enumerate([(900, 600), (600, 900), (900, 600)], 1):
        path = tmp_path / f"IMG_{n:04d}.jpg"
        path.write_bytes(image_bytes("JPEG", size, color=(30 * n, 90, 140)))
        files.append(path)
    (tmp_path / "trang.jpg").write_bytes(b"<!DOCTYPE html><html><body>x</body></html>")
    files.append(tmp_path / "trang.jpg")

    page = new_page(browser, 1280)
    browser_login(page, live_server, editor, "/vi/admin/albums/album/add/")
    page.fill("#id_title_vi", "Hội nghị tổng kết năm (thử)")
    page.fill("#id_date", "15/01/2024")
    page.set_input_files("#id_new_photos", files)
    page.locator("input[name='_continue']").click()
    page.wait_for_url(re.compile(r"/albums/album/\d+/change/"))
    messages = page.locator(".messagelist").inner_text()
    assert "Đã thêm 3 ảnh vào album." in messages
    assert "Không thêm được “trang.jpg”" in messages
    album = Album.objects.get()
    assert album.photos.count() == 3
    rows = page.locator("#photos-group tbody tr.form-row.has_original")
    assert rows.count() == 3
    page.wait_for_function(
        "[...document.querySelectorAll('.albums-admin__thumbnail')].every(i => i.naturalWidth)"
    )
    page.screenshot(path=artifacts / "albums-admin-vi-1280.png", full_page=True)
    assert page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_an_article_shows_its_album_as_a_strip(live_server, browser, albums, artifacts, width):
    from albums.models import Album
    from tests import factories

    article = factories.article(
        title_vi="Giao lưu hữu nghị cuối tuần", title_en="A weekend meeting"
    )
    Album.objects.get(slug_vi="giao-luu-huu-nghi-album-mau").articles.add(article)
    page = new_page(browser, width)
    for language in ("vi", "en"):
        page.goto(live_server.url + article.get_absolute_url(language))
        strip = page.locator(".album-strip")
        strip.scroll_into_view_if_needed()
        page.wait_for_function(ALL_LOADED, arg=".album-strip img")
        assert page.locator(".album-strip__photos a").count() == 6
        assert no_sideways_scroll(page)
        strip.screenshot(path=artifacts / f"albums-article-strip-{language}-{width}.png")
    page.locator(".album-strip__photos a").nth(2).click()
    page.wait_for_url(re.compile(r"/en/gallery/[\w-]+/#photo-3$"))
    assert page.evaluate("window.__problems") == []
    page.context.close()
