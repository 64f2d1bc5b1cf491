import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.text import MAX_QUERY_LENGTH

from .models import Document, Issuer

MIN_YEAR = 1945


class DocumentFilterForm(forms.Form):
    """The public list's filters (GET). A value that is not a choice is an error: the view
    answers 400 with the form, as the aid project list does."""

    q = forms.CharField(
        label=_("Number or words"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "maxlength": MAX_QUERY_LENGTH,
                "placeholder": _("e.g. 121/QĐ-UBND"),
            }
        ),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Document.Kind.choices]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    issuer = forms.ChoiceField(label=_("Issued by"), required=False)

    def __init__(self, *args, years=(), issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A year without documents is still a year: a bookmark to it gives an empty list,
        # not an error (only values that cannot be a year are refused).
        wanted = self.data.get("year", "") if self.is_bound else ""
        shown = list(years)
        if wanted.isascii() and wanted.isdigit() and len(wanted) == 4:
            year = int(wanted)
            if MIN_YEAR <= year <= datetime.date.today().year + 1 and year not in shown:
                shown = sorted([*shown, year], reverse=True)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in shown)]
        self.fields["issuer"].choices = [
            ("", _("All issuing bodies")),
            *((issuer.slug, issuer.name) for issuer in issuers),
        ]

    def clean_q(self):
        # As the site's search: a longer query is cut, not refused.
        return " ".join(self.cleaned_data.get("q", "").split())[:MAX_QUERY_LENGTH]


def filter_form(data):
    """The form with its choices: the years that have published documents and the bodies
    that issued them (two queries)."""
    published = Document.objects.published()
    years = [d.year for d in published.dates("date_issued", "year", order="DESC")]
    issuers = Issuer.objects.filter(pk__in=published.values("issuer_id")).only(
        "id", "slug", "name_vi", "name_en"
    )
    return DocumentFilterForm(data or None, years=years, issuers=list(issuers))
