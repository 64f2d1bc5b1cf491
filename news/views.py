from django.shortcuts import render


def index(request):
    return render(request, "news/index.html")


def search(request):
    query = request.GET.get("q", "")[:200]
    return render(request, "news/search.html", {"query": query})
