import re
import unicodedata

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

from portal.i18n import alternate_urls, local_path

PAGE = re.compile(r"[1-9]\d{0,8}")


def site(request):
    def languages():
        current = get_language()
        urls = alternate_urls(request)
        return [
            {
                "code": code,
                # Django spells "Tiếng Việt" decomposed (NFD); the page is NFC throughout.
                "name": unicodedata.normalize("NFC", get_language_info(code)["name_local"]),
                "url": urls.get(code),
                "is_current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]

    def canonical():
        # The page's path, and its page number past the first: no other parameter makes
        # another page worth indexing. A view with a better answer passes `canonical`.
        page = request.GET.get("page", "")
        query = f"?page={page}" if PAGE.fullmatch(page) and page != "1" else ""
        return request.build_absolute_uri(local_path(request.path) + query)

    # The home union's site settings and share picture: unions.context_processors.site.
    return {
        "page_languages": SimpleLazyObject(languages),
        "default_canonical": SimpleLazyObject(canonical),
    }
