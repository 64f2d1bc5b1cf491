"""Partner countries: ISO 3166-1 alpha-2 codes, localized names and locally served flags.

A small table rather than a library: associations need a few dozen partner
countries, whose Vietnamese names must read the way Vietnamese friendship
associations write them ("Séc", "Hàn Quốc"); see docs/decisions.md. The flags are
the MIT-licensed SVGs of the flag-icons project, copied into
members/static/members/flags/ and served by the portal itself.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

COUNTRY_NAMES = {
    "AR": _("Argentina"),
    "AT": _("Austria"),
    "AU": _("Australia"),
    "BE": _("Belgium"),
    "BG": _("Bulgaria"),
    "BN": _("Brunei"),
    "BR": _("Brazil"),
    "BY": _("Belarus"),
    "CA": _("Canada"),
    "CH": _("Switzerland"),
    "CN": _("China"),
    "CU": _("Cuba"),
    "CZ": _("Czechia"),
    "DE": _("Germany"),
    "DK": _("Denmark"),
    "ES": _("Spain"),
    "FI": _("Finland"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "HU": _("Hungary"),
    "ID": _("Indonesia"),
    "IL": _("Israel"),
    "IN": _("India"),
    "IT": _("Italy"),
    "JP": _("Japan"),
    "KH": _("Cambodia"),
    "KP": pgettext_lazy("country", "DPR Korea"),
    "KR": pgettext_lazy("country", "Korea"),
    "KZ": _("Kazakhstan"),
    "LA": _("Laos"),
    "MM": _("Myanmar"),
    "MN": _("Mongolia"),
    "MX": _("Mexico"),
    "MY": _("Malaysia"),
    "NL": _("Netherlands"),
    "NO": _("Norway"),
    "NZ": _("New Zealand"),
    "PH": _("Philippines"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "RO": _("Romania"),
    "RU": _("Russia"),
    "SE": _("Sweden"),
    "SG": _("Singapore"),
    "SK": _("Slovakia"),
    "TH": _("Thailand"),
    "TL": _("Timor-Leste"),
    "UA": _("Ukraine"),
    "US": _("United States"),
    "VE": _("Venezuela"),
}

COUNTRY_CHOICES = sorted(COUNTRY_NAMES.items())


@dataclass(frozen=True)
class Country:
    code: str

    @property
    def name(self):
        return COUNTRY_NAMES[self.code]

    @property
    def flag_url(self):
        return static(f"members/flags/{self.code.lower()}.svg")

    @property
    def flag_alt(self):
        # Here rather than {% blocktranslate %}: a list of associations shows fifty flags.
        return gettext("Flag of %(name)s") % {"name": self.name}

    def __str__(self):
        return str(self.name)


def parse_codes(value):
    """ "cz, SK" -> ["CZ", "SK"] (order kept: it is the order of the association's name)."""
    return [code.strip().upper() for code in (value or "").split(",") if code.strip()]


def validate_country_codes(value):
    codes = parse_codes(value)
    if not codes:
        raise ValidationError(_("Give at least one partner country."))
    unknown = [code for code in codes if code not in COUNTRY_NAMES]
    if unknown:
        raise ValidationError(
            _("Unknown country code(s): %(codes)s. Use ISO 3166-1 codes such as CZ, SK."),
            params={"codes": ", ".join(unknown)},
        )
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Each partner country once only."))
