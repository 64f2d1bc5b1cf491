from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


def contact(request):
    return render(request, "portal/contact.html")


def privacy(request):
    """The privacy notice (Decree 13/2023/NĐ-CP): the periods come from the settings the
    retention command applies, the controller's details from the home union."""
    from portal import privacy as notice

    return render(
        request,
        "portal/privacy.html",
        {
            "notice_version": notice.notice_version(),
            "notice_date": notice.notice_date(),
            "periods": notice.retention_periods(),
        },
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {sitemap_url}"]
    return render(request, "robots.txt", {"lines": lines}, content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # A standalone template with no context processors: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)
