from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject

from portal.templatetags.images import picture_url
from unions.models import SiteSettings


def site(request):
    """The home union's site settings, and the picture a page shared without its own shows."""

    # One read of the (cached) settings a request, whichever of the two asks first.
    site_settings = SimpleLazyObject(SiteSettings.current)

    def share_image():
        # The union's logo, else the portal's emblem card (a PNG: sharing sites take no SVG).
        union = site_settings.home_union
        path = picture_url(union.logo, 1280) if union and union.logo else static("img/share.png")
        return request.build_absolute_uri(path)

    return {
        "site_settings": site_settings,
        "default_share_image": SimpleLazyObject(share_image),
    }
