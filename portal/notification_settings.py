"""Each staff member's own e-mail preferences: a page of the admin, linked in its user tools."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from portal.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = [
            "language",
            "article_review",
            "article_decision",
            "comment_digest",
            "application_received",
        ]


@never_cache
def preferences(request):
    preference = NotificationPreference.objects.filter(user=request.user).first()
    preference = preference or NotificationPreference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail preferences were saved."))
        return redirect("admin_notifications")
    context = admin.site.each_context(request)
    context.update(title=_("E-mail notifications"), form=form, has_email=bool(request.user.email))
    return render(request, "admin/portal/notifications.html", context)
