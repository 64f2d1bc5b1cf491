"""The portal's URLs plus one staff page with a CKEditor 5 field, for the browser CSP test.

It renders the editor exactly as the admin does (the widget's media in the admin frame),
independently of which admin pages use rich text.
"""

from django import forms
from django.contrib import admin
from django.template import engines
from django.urls import path

from portal.richtext import RichTextField
from portal.urls import *  # noqa: F403
from portal.urls import urlpatterns as portal_urlpatterns

PAGE = engines["django"].from_string(
    """{% extends "admin/base_site.html" %}
{% block extrahead %}{{ block.super }}{{ form.media }}{% endblock %}
{% block content %}<form method="post">{{ form.as_div }}</form>{% endblock %}"""
)


class EditorForm(forms.Form):
    body = RichTextField().formfield()


def editor_page(request):
    from django.http import HttpResponse

    context = {**admin.site.each_context(request), "title": "Editor", "form": EditorForm()}
    return HttpResponse(PAGE.render(context, request))


urlpatterns = [path("tests/editor/", editor_page), *portal_urlpatterns]
