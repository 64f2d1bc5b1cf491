"""Erasing a person from the admin (Decree 13/2023/NĐ-CP): Administrators only.

`ErasureAdminMixin` gives the admin of members, membership applications and readers'
comments an action that finds every row with the chosen people's contact data
(`portal.privacy.plan_erasure`), shows it on a confirmation page and, once confirmed,
erases it (`portal.privacy.erase`). The erasures are listed, without personal data, under
Portal → Erasures of personal data.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import privacy
from portal.models import Erasure
from portal.security import is_administrator


class ErasureAdminMixin:
    # Which argument of plan_erasure the selected rows are, and what the erasure is logged as.
    erasure_seed = None
    erasure_kind = None

    def has_erase_permission(self, request):
        return is_administrator(request.user)

    @admin.action(
        description=_("Erase these people's personal data (Decree 13/2023/NĐ-CP)"),
        permissions=["erase"],
    )
    def erase_personal_data(self, request, queryset):
        if not self.has_erase_permission(request):  # the action list already hides it
            raise PermissionDenied
        plan = privacy.plan_erasure(**{self.erasure_seed: list(queryset)})
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "opts": self.model._meta,
                "plan": plan,
                "queryset": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/portal/erase_confirmation.html", context)
        erasure = privacy.erase(plan, request.user, self.erasure_kind)
        total = erasure.members + erasure.applications + erasure.comments
        self.message_user(
            request,
            ngettext(
                "%(n)d record erased: the erasure is logged without personal data.",
                "%(n)d records erased: the erasure is logged without personal data.",
                total,
            )
            % {"n": total},
            messages.SUCCESS,
        )
        return None


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = (
        "erased_at",
        "kind",
        "username",
        "members",
        "applications",
        "comments",
        "access_records",
    )
    list_filter = ("kind",)
    readonly_fields = list_display
    # Not admin/portal/change_form.html, which Django would pick for this app: that one
    # links to a revision history, which erasures do not have.
    change_form_template = "admin/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
