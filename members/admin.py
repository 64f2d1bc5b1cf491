from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from portal import notifications, pagecache
from portal.admin import LargeListAdminMixin, YearListFilter
from portal.admin_privacy import ErasureAdminMixin
from portal.models import Erasure
from portal.roles import ADMINISTRATOR, user_has_role
from portal.spreadsheets import CsvWriter

from .models import (
    Association,
    Branch,
    Member,
    MemberExport,
    MembershipApplication,
    MembershipCount,
)


class BranchInline(TranslationTabularInline):
    model = Branch
    fk_name = "association"
    extra = 0
    fields = ("name", "level", "locality", "founded_on")
    show_change_link = True


@admin.register(Association)
class AssociationAdmin(TabbedTranslationAdmin):
    list_display = ("name", "countries", "status", "founded_on", "branch_count")
    list_filter = ("status", "union")
    search_fields = ("name_vi", "name_en", "slug", "countries")
    prepopulated_fields = {"slug": ("name_vi",)}
    autocomplete_fields = ("union",)
    inlines = [BranchInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("branches"))

    @admin.display(description=_("chapters"), ordering="n")
    def branch_count(self, obj):
        return obj.n


@admin.register(Branch)
class BranchAdmin(TabbedTranslationAdmin):
    list_display = ("name", "association", "union", "level", "locality")
    list_filter = ("level", "association")
    list_select_related = ("association", "union")
    search_fields = ("name_vi", "name_en", "locality_vi", "locality_en")
    autocomplete_fields = ("union", "association")


@admin.register(MembershipCount)
class MembershipCountAdmin(admin.ModelAdmin):
    # Named: the inherited `is_sample` (portal.models.SampleMarked) would otherwise come first.
    fields = ("year", "association", "branch", "members", "is_sample")
    list_display = ("year", "association", "branch", "members")
    list_filter = ("year", "association")
    list_select_related = ("association", "branch")
    search_fields = ("association__name_vi", "branch__name_vi")
    autocomplete_fields = ("association", "branch")


EXPORT_FIELDS = [
    "full_name",
    "gender",
    "birth_year",
    "occupation",
    "phone",
    "email",
    "address",
    "association",
    "branch",
    "joined_on",
    "status",
]


@admin.register(Member)
class MemberAdmin(LargeListAdminMixin, ErasureAdminMixin, admin.ModelAdmin):
    list_display = ("full_name", "association", "branch", "status", "joined_on")
    # By year in place of date_hierarchy (portal.admin.YearListFilter says why).
    list_filter = ("status", "association", "gender", ("joined_on", YearListFilter))
    list_select_related = ("association", "branch")
    search_fields = ("full_name", "email", "phone")
    autocomplete_fields = ("association", "branch")
    actions = ["export_csv", "erase_personal_data"]
    erasure_seed = "members"
    erasure_kind = Erasure.Kind.MEMBER

    def has_export_permission(self, request):
        # Administrators only, whatever else a role may be granted (Decree 13/2023/NĐ-CP).
        return request.user.has_perm("members.export_member") and user_has_role(
            request.user, ADMINISTRATOR
        )

    @admin.action(description=_("Export selected members to CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        rows = list(queryset.select_related("association", "branch"))
        MemberExport.objects.create(
            user=request.user, username=request.user.get_username(), rows=len(rows)
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="members-{stamp}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 (Vietnamese names) correctly with a BOM.
        # Names and addresses come from the public join form: never written as formulas.
        writer = CsvWriter(response)
        writer.writerow([str(Member._meta.get_field(f).verbose_name) for f in EXPORT_FIELDS])
        for member in rows:
            writer.writerow(
                [
                    member.full_name,
                    member.get_gender_display(),
                    member.birth_year or "",
                    member.occupation,
                    member.phone,
                    member.email,
                    member.address,
                    member.association,
                    member.branch or "",
                    member.joined_on.isoformat(),
                    member.get_status_display(),
                ]
            )
        return response


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(ErasureAdminMixin, admin.ModelAdmin):
    list_display = ("full_name", "association", "status", "submitted_at", "reviewed_by")
    list_filter = ("status", "association")
    list_select_related = ("association", "reviewed_by")
    search_fields = ("full_name", "email", "phone")
    readonly_fields = (
        "association",
        "full_name",
        "email",
        "phone",
        "birth_year",
        "occupation",
        "motivation",
        "consent",
        "consent_version",
        "consented_at",
        "submitted_at",
        "status",
        "reviewed_at",
        "reviewed_by",
        "member",
    )
    actions = ["accept", "reject", "erase_personal_data"]
    erasure_seed = "applications"
    erasure_kind = Erasure.Kind.APPLICANT

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Accept: create members"), permissions=["change"])
    def accept(self, request, queryset):
        created = 0
        with transaction.atomic():
            for application in (
                queryset.select_related(None)
                .select_for_update()
                .filter(status=MembershipApplication.Status.PENDING)
            ):
                application.member = Member.objects.create(
                    full_name=application.full_name,
                    birth_year=application.birth_year,
                    occupation=application.occupation,
                    phone=application.phone,
                    email=application.email,
                    association=application.association,
                    joined_on=timezone.localdate(),
                )
                application.status = MembershipApplication.Status.ACCEPTED
                application.reviewed_at = timezone.now()
                application.reviewed_by = request.user
                application.save()
                notifications.application_decided(application)
                created += 1
        self.message_user(
            request,
            ngettext("%(n)d member created.", "%(n)d members created.", created) % {"n": created},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject"), permissions=["change"])
    def reject(self, request, queryset):
        with transaction.atomic():
            pending = list(
                queryset.select_related(None)
                .select_for_update()
                .filter(status=MembershipApplication.Status.PENDING)
            )
            n = MembershipApplication.objects.filter(pk__in=[a.pk for a in pending]).update(
                status=MembershipApplication.Status.REJECTED,
                reviewed_at=timezone.now(),
                reviewed_by=request.user,
            )
            # The applicants hear of it, in the same transaction as the rejection.
            for application in pending:
                application.status = MembershipApplication.Status.REJECTED
                notifications.application_decided(application)
        # update() sends no signal; every other change of a content model drops the pages.
        pagecache.content_changed()
        self.message_user(
            request,
            ngettext("%(n)d application rejected.", "%(n)d applications rejected.", n) % {"n": n},
        )


@admin.register(MemberExport)
class MemberExportAdmin(admin.ModelAdmin):
    list_display = ("exported_at", "username", "rows")
    readonly_fields = ("exported_at", "user", "username", "rows")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
