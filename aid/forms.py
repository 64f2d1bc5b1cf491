import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .codelists import ActivityStatus
from .models import Donor, Location, Sector
from .reports import REPORT_CURRENCIES, Filters

MIN_YEAR = 1990


class _RowsIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.rows():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.rows()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows())


class OptionsField(forms.ModelChoiceField):
    """A ModelChoiceField that reads its options once per form: the same rows are offered
    and check the value sent, so a filter both filled in and shown costs one query, not
    two (the aid pages stay within 12 queries with every filter set)."""

    iterator = _RowsIterator

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._rows = None
        return result

    def rows(self):
        if getattr(self, "_rows", None) is None:
            self._rows = list(self.queryset)
        return self._rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        model = self.queryset.model
        key_field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        try:
            wanted = key_field.to_python(value)
        except ValidationError:
            wanted = None
        for obj in self.rows():
            if wanted is not None and getattr(obj, key) == wanted:
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class AidFilterForm(forms.Form):
    """The filters of the public project list, the overview and the dashboard (GET)."""

    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=MIN_YEAR)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=MIN_YEAR)
    sector = OptionsField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        to_field_name="code",
        empty_label=_("All sectors"),
    )
    donor = OptionsField(
        label=_("Donor"),
        required=False,
        queryset=Donor.objects.all(),
        to_field_name="slug",
        empty_label=_("All donors"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ActivityStatus.choices],
    )
    district = OptionsField(
        label=pgettext_lazy("place", "District"),
        required=False,
        queryset=Location.objects.filter(level=Location.Level.DISTRICT),
        empty_label=_("All districts"),
    )

    def __init__(self, *args, published_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.published_only = published_only
        current = datetime.date.today().year + 5
        for name in ("year_from", "year_to"):
            self.fields[name].validators.append(MaxValueValidator(current))
            self.fields[name].widget.attrs.update({"min": MIN_YEAR, "max": current})

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The last year cannot be before the first."))
        return data

    def filters(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Filters(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            sector=data.get("sector"),
            donor=data.get("donor"),
            status=data.get("status") or "",
            district=data.get("district"),
            published_only=self.published_only,
        )


class DashboardForm(AidFilterForm):
    currency = forms.ChoiceField(
        label=_("Show totals in"),
        required=False,
        choices=[(code, code) for code in REPORT_CURRENCIES],
    )

    def currency_code(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("currency") or "VND"
        return "VND"


class ImportForm(forms.Form):
    dataset = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("projects", _("Aid projects")),
            ("transactions", _("Transactions")),
            ("rates", _("Exchange rates")),
        ],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, comma-separated) or XLSX, with the column names in the first row."
        ),
    )

    def __init__(self, *args, datasets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if datasets is not None:
            # Only what the person may import is offered (and accepted).
            self.fields["dataset"].choices = [
                choice for choice in self.fields["dataset"].choices if choice[0] in datasets
            ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
