import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()


def warm_up():
    """Do once, as the server process starts, what its first requests would otherwise do
    each on their own: compile every template (kept by the cached loader), load each
    language's translations and build its URL patterns. A worker's first pages took 30 to
    100 ms more than the next ones (its first admin list 260 ms, then 160), and gunicorn
    starts workers again and again (max-requests)."""
    from pathlib import Path

    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.urls import reverse
    from django.utils import translation

    if settings.DEBUG:  # templates are read again on every request anyway
        return
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            reverse("home")
            reverse("admin:index")
    for backend in engines.all():
        engine = getattr(backend, "engine", None)
        if engine is None:
            continue
        for loader in engine.template_loaders:
            for inner in getattr(loader, "loaders", [loader]):
                for folder in getattr(inner, "get_dirs", list)():
                    for path in Path(folder).rglob("*"):
                        if path.suffix not in {".html", ".txt", ".xml"}:
                            continue
                        try:
                            engine.get_template(str(path.relative_to(folder)))
                        except (TemplateSyntaxError, TemplateDoesNotExist, UnicodeDecodeError):
                            # Not a template of this site (a library's file for a feature
                            # it does not use): its requests, if any, will say so.
                            continue


warm_up()
