"""Public pages: the list of official documents (filters, search), one document, its files.

The list costs a fixed number of queries whatever the number of documents: the filter's
choices (2), the count, the page's ids, then its rows with their issuers
(portal.paginator.IdsFirstPaginator). A document's page prefetches its files, the unions it
founded, and the congresses and articles it is linked to.
"""

from urllib.parse import quote

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import translation

from congresses.models import Congress
from news.models import Article
from portal.media import DOWNLOAD_HEADERS
from portal.paginator import IdsFirstPaginator, requested_page
from unions.models import Union

from .files import ascii_name
from .forms import filter_form
from .models import Document, DocumentFile

PER_PAGE = 20


def _can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("documents.view_document")


def document_list(request):
    form = filter_form(request.GET)
    if form.is_bound and not form.is_valid():
        return render(request, "documents/list.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    documents = Document.objects.published()
    if data.get("kind"):
        documents = documents.filter(kind=data["kind"])
    if data.get("year"):
        documents = documents.filter(date_issued__year=data["year"])
    if data.get("issuer"):
        documents = documents.filter(issuer__slug=data["issuer"])
    query = data.get("q", "")
    documents = documents.search(query) if query else documents.order_by("-date_issued", "-id")
    page = requested_page(request, IdsFirstPaginator(documents.for_list(), PER_PAGE))
    params = request.GET.copy()
    params.pop("page", None)
    filtered = any(data.get(name) for name in ("q", "kind", "year", "issuer"))
    return render(
        request,
        "documents/list.html",
        {"form": form, "page": page, "querystring": params.urlencode(), "filtered": filtered},
    )


def _related_articles():
    language = translation.get_language()
    return Prefetch(
        "articles",
        queryset=Article.objects.published(language).for_list().order_by("-published_at"),
        to_attr="published_articles",
    )


def document_detail(request, slug):
    documents = Document.objects.select_related("issuer").prefetch_related(
        "files",
        _related_articles(),
        Prefetch(
            "congresses",
            queryset=Congress.objects.published()
            .select_related("union", "association")
            .order_by("-term_start_year"),
            to_attr="published_congresses",
        ),
        Prefetch("founded_unions", queryset=Union.objects.order_by("name")),
    )
    preview = _can_preview(request.user)
    if not preview:
        documents = documents.published()
    document = documents.filter(slug=slug).first()
    if document is None:
        raise Http404("no such document")
    context = {"document": document, "files": list(document.files.all())}
    return render(request, "documents/detail.html", context)


def download(request, slug, pk):
    """A file of a document, as an attachment named after the document (files.download_name),
    in a sandbox as the congresses' PDFs are (portal.media): never a page of the portal."""
    attached = DocumentFile.objects.select_related("document").filter(pk=pk).first()
    if attached is None or attached.document.slug != slug:
        raise Http404("no such file")
    if not attached.document.is_published and not _can_preview(request.user):
        raise Http404("no such file")
    try:
        handle = attached.file.open("rb")
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise Http404("file missing") from exc
    response = FileResponse(handle, content_type=attached.content_type)
    name = attached.download_name()
    headers = {
        **DOWNLOAD_HEADERS,
        "Content-Disposition": (
            f"attachment; filename=\"{ascii_name(name)}\"; filename*=utf-8''{quote(name)}"
        ),
    }
    for header, value in headers.items():
        response[header] = value
    return response
