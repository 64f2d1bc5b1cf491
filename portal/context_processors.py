import unicodedata

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

from portal.i18n import alternate_urls
from unions.models import SiteSettings


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

    return {
        "site_settings": SimpleLazyObject(SiteSettings.current),
        "page_languages": SimpleLazyObject(languages),
    }
