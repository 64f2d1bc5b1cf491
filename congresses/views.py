from django.shortcuts import render


def leadership(request):
    return render(request, "congresses/leadership.html")
