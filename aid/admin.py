from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from portal.admin import LargeListAdminMixin, YearListFilter
from portal.admin_revisions import ChildRevisionAdminMixin, RevisionAdminMixin

from .models import (
    AidProject,
    Donor,
    ExchangeRate,
    Location,
    Participant,
    ProjectSector,
    Sector,
    Transaction,
)


class SectorShareFormSet(BaseInlineFormSet):
    """A project's sector percentages must add up to exactly 100 (IATI rule)."""

    def clean(self):
        super().clean()
        total = Decimal(0)
        counted = 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            percentage = form.cleaned_data.get("percentage")
            if percentage is not None:
                total += percentage
                counted += 1
        if counted and total != 100:
            raise ValidationError(
                _("The sector percentages add up to %(total)s%%; they must add up to 100%%."),
                params={"total": f"{total.normalize():f}"},
                code="sector_total",
            )


class ProjectSectorInline(admin.TabularInline):
    model = ProjectSector
    formset = SectorShareFormSet
    extra = 1
    autocomplete_fields = ["sector"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 1
    autocomplete_fields = ["donor"]


class TransactionInline(admin.TabularInline):
    model = Transaction
    extra = 1
    autocomplete_fields = ["donor"]
    fields = [
        "transaction_type",
        "date",
        "value_date",
        "amount",
        "currency",
        "donor",
        "description",
        "reference",
    ]


@admin.register(AidProject)
class AidProjectAdmin(RevisionAdminMixin, TabbedTranslationAdmin):
    list_display = ["reference", "title", "kind", "status", "year", "is_published"]
    list_filter = ["status", "kind", "year", "is_published", "districts"]
    search_fields = ["reference", "title_vi", "title_en"]
    filter_horizontal = ["districts", "communes"]
    inlines = [ProjectSectorInline, ParticipantInline, TransactionInline]
    fieldsets = [
        (None, {"fields": ["reference", "title", "description", "kind", "status", "year"]}),
        (
            _("Approval and coordination"),
            {
                "fields": [
                    "coordinating_body",
                    "decision_number",
                    "decision_date",
                    "decision_issuer",
                ]
            },
        ),
        (
            _("Dates"),
            {"fields": ["planned_start", "planned_end", "actual_start", "actual_end"]},
        ),
        (
            _("Places and beneficiaries"),
            {"fields": ["districts", "communes", "beneficiaries_count", "beneficiaries"]},
        ),
        (None, {"fields": ["is_published"]}),
    ]


@admin.register(Donor)
class DonorAdmin(TabbedTranslationAdmin):
    list_display = ["name", "acronym", "country", "organisation_type"]
    list_filter = ["country", "organisation_type"]
    search_fields = ["name_vi", "name_en", "acronym"]
    prepopulated_fields = {"slug": ["acronym"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "acronym",
                    "slug",
                    "country",
                    "organisation_type",
                    "iati_identifier",
                    "website",
                ]
            },
        ),
        (
            _("Contact (staff only)"),
            {"fields": ["contact_name", "contact_email", "contact_phone", "notes"]},
        ),
    ]


@admin.register(Sector)
class SectorAdmin(TabbedTranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(Location)
class LocationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "level", "parent", "abolished"]
    list_filter = ["level", "abolished"]
    search_fields = ["name_vi", "name_en", "code"]
    list_select_related = ["parent"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "date", "rate", "source"]
    list_filter = ["currency"]
    date_hierarchy = "date"


@admin.register(Transaction)
class TransactionAdmin(LargeListAdminMixin, ChildRevisionAdminMixin, admin.ModelAdmin):
    revision_parent = "project"
    list_display = ["project", "transaction_type", "date", "amount", "currency", "donor"]
    # By year in place of date_hierarchy (portal.admin.YearListFilter says why).
    list_filter = ["transaction_type", "currency", ("date", YearListFilter)]
    search_fields = ["project__reference", "project__title_vi", "donor__name_vi", "reference"]
    list_select_related = ["project", "donor"]
    autocomplete_fields = ["project", "donor"]
