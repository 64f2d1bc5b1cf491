"""IATI codelists (version 2.03) the aid records use, with translated labels.

The codes are IATI's own, so that an export needs no mapping; only the codes the
provincial unions meet are listed (IATI's lists are longer).
"""

import csv
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus."""

    PIPELINE = "1", _("Pipeline / identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class TransactionType(models.TextChoices):
    """IATI TransactionType: the three kinds the unions report."""

    COMMITMENT = "2", _("Commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")


class OrganisationType(models.TextChoices):
    """IATI OrganisationType."""

    GOVERNMENT = "10", _("Government")
    LOCAL_GOVERNMENT = "11", _("Local government")
    OTHER_PUBLIC = "15", _("Other public sector")
    INTERNATIONAL_NGO = "21", _("International NGO")
    NATIONAL_NGO = "22", _("National NGO")
    REGIONAL_NGO = "23", _("Regional NGO")
    PARTNER_COUNTRY_NGO = "24", _("Partner country based NGO")
    PUBLIC_PRIVATE = "30", _("Public private partnership")
    MULTILATERAL = "40", _("Multilateral")
    FOUNDATION = "60", _("Foundation")
    PRIVATE_SECTOR = "70", _("Private sector")
    PRIVATE_SECTOR_PROVIDER = "71", _("Private sector in provider country")
    PRIVATE_SECTOR_RECIPIENT = "72", _("Private sector in aid recipient country")
    PRIVATE_SECTOR_THIRD = "73", _("Private sector in third country")
    ACADEMIC = "80", _("Academic, training and research")
    OTHER = "90", _("Other")


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class ProjectKind(models.TextChoices):
    """Vietnam's own classification of foreign non-governmental aid."""

    PROGRAMME = "programme", _("Programme")
    PROJECT = "project", _("Project")
    NON_PROJECT = "non_project", _("Non-project aid")
    EMERGENCY = "emergency", _("Emergency relief")


# ISO 4217 codes the unions receive aid in. VND is the reporting currency.
CURRENCIES = [
    ("VND", "VND"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("JPY", "JPY"),
    ("KRW", "KRW"),
    ("AUD", "AUD"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("CAD", "CAD"),
    ("SGD", "SGD"),
    ("NZD", "NZD"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("TWD", "TWD"),
]
CURRENCY_CODES = {code for code, _label in CURRENCIES}

# ISO 3166-1 alpha-2 codes of the countries foreign NGOs in Vietnam come from most often.
COUNTRIES = [
    ("AU", _("Australia")),
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("CA", _("Canada")),
    ("CH", _("Switzerland")),
    ("CZ", _("Czechia")),
    ("DE", _("Germany")),
    ("DK", _("Denmark")),
    ("ES", _("Spain")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("GB", _("United Kingdom")),
    ("IE", _("Ireland")),
    ("IT", _("Italy")),
    ("JP", _("Japan")),
    ("KR", _("Korea")),
    ("LU", _("Luxembourg")),
    ("NL", _("Netherlands")),
    ("NO", _("Norway")),
    ("NZ", _("New Zealand")),
    ("SE", _("Sweden")),
    ("SG", _("Singapore")),
    ("TW", _("Taiwan")),
    ("US", _("United States")),
    ("XX", _("Several countries / international")),
]

DAC_SECTORS_CSV = Path(__file__).resolve().parent.parent / "fixtures" / "aid" / "dac_sectors.csv"


def load_dac_sectors(sector_model):
    """Create or update the curated OECD DAC purpose codes (used by a migration and the demo)."""
    with DAC_SECTORS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            sector_model.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name_vi"],
                    "name_vi": row["name_vi"],
                    "name_en": row["name_en"],
                },
            )
