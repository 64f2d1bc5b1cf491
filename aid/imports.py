"""Import aid projects, transactions and exchange rates from CSV or XLSX.

Every row is checked first; the validation report names each bad row and column,
and an import with any bad row changes nothing (one database transaction).
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction as db_transaction
from django.utils.translation import gettext as _

from .codelists import (
    CURRENCY_CODES,
    ActivityStatus,
    OrganisationRole,
    ProjectKind,
    TransactionType,
)
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

COLUMNS = {
    "projects": [
        "reference",
        "title_vi",
        "title_en",
        "description_vi",
        "description_en",
        "kind",
        "status",
        "year",
        "donors",
        "sectors",
        "districts",
        "planned_start",
        "planned_end",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "beneficiaries_count",
        "published",
    ],
    "transactions": [
        "project",
        "type",
        "date",
        "value_date",
        "amount",
        "currency",
        "donor",
        "description",
    ],
    "rates": ["currency", "date", "rate", "source"],
}
REQUIRED = {
    "projects": {"reference", "title_vi", "kind", "year"},
    "transactions": {"project", "type", "date", "amount", "currency", "donor"},
    "rates": {"currency", "date", "rate"},
}


@dataclass
class RowError:
    row: int
    column: str
    message: str


class ImportFailed(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def read_rows(upload):
    """(row number as the reader sees it, {column: text}) for each data row."""
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFailed([RowError(0, "", _("The XLSX file cannot be read."))]) from exc
        sheet = workbook.worksheets[0]
        lines = list(sheet.iter_rows(values_only=True))
        if not lines:
            return [], []
        header = [str(cell or "").strip().lower() for cell in lines[0]]
        rows = []
        for number, values in enumerate(lines[1:], start=2):
            if all(value in (None, "") for value in values):
                continue
            rows.append(
                (number, {header[i]: values[i] for i in range(min(len(header), len(values)))})
            )
        return header, rows
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([RowError(0, "", _("The CSV file is not UTF-8 text."))]) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = []
    for number, row in enumerate(reader, start=2):
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        rows.append((number, row))
    return header, rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("Not a date: write 2024-03-31 or 31/03/2024."))


def _decimal(value):
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = _text(value)
    if "," in text or " " in text:
        raise ValueError(
            _("Write the number without thousands separators, with a dot for decimals.")
        )
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Not a number.")) from None
    if not number.is_finite():
        raise ValueError(_("Not a number."))
    return number


class Importer:
    def __init__(self, dataset):
        self.dataset = dataset
        self.errors = []

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, str(message)))

    def run(self, upload):
        header, rows = read_rows(upload)
        missing = REQUIRED[self.dataset] - set(header)
        if missing:
            raise ImportFailed(
                [
                    RowError(1, column, _("This column is missing from the first row."))
                    for column in sorted(missing)
                ]
            )
        if not rows:
            raise ImportFailed([RowError(0, "", _("The file has no data rows."))])
        checked = [(number, self.check(number, row)) for number, row in rows]
        if self.errors:
            raise ImportFailed(self.errors)
        with db_transaction.atomic():
            for _number, values in checked:
                self.save(values)
        return len(checked)

    def field(self, number, row, column, convert=_text, required=None):
        value = row.get(column)
        if _text(value) == "":
            if required if required is not None else column in REQUIRED[self.dataset]:
                self.error(number, column, _("This value is required."))
            return None
        try:
            return convert(value)
        except (ValueError, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else exc.args[0]
            self.error(number, column, message)
            return None


class ProjectImporter(Importer):
    def check(self, number, row):
        values = {name: self.field(number, row, name) for name in COLUMNS["projects"]}
        reference = values["reference"]
        if reference:
            try:
                AidProject._meta.get_field("reference").run_validators(reference)
            except ValidationError as exc:
                self.error(number, "reference", exc.messages[0])
        if values["kind"] and values["kind"] not in ProjectKind.values:
            self.error(number, "kind", _("Use one of: %s.") % ", ".join(ProjectKind.values))
        if values["status"] and values["status"] not in ActivityStatus.values:
            self.error(number, "status", _("Use an IATI activity status code from 1 to 6."))
        year = self.field(number, row, "year", int)
        if year is not None and not 1990 <= year <= 2100:
            self.error(number, "year", _("Not a plausible year."))
        values["year"] = year
        for name in ("planned_start", "planned_end", "decision_date"):
            values[name] = self.field(number, row, name, _date)
        if values["beneficiaries_count"]:
            values["beneficiaries_count"] = self.field(number, row, "beneficiaries_count", int)
        donors = []
        for slug in (values["donors"] or "").split(";"):
            if slug.strip():
                donor = Donor.objects.filter(slug=slug.strip()).first()
                if donor is None:
                    self.error(number, "donors", _("No donor with the code “%s”.") % slug.strip())
                donors.append(donor)
        values["donors"] = donors
        shares = []
        for part in (values["sectors"] or "").split(";"):
            if not part.strip():
                continue
            code, _sep, percentage = part.partition(":")
            sector = Sector.objects.filter(code=code.strip()).first()
            if sector is None:
                self.error(number, "sectors", _("No DAC sector with the code “%s”.") % code.strip())
                continue
            try:
                share = _decimal(percentage or "100")
            except ValueError as exc:
                self.error(number, "sectors", exc.args[0])
                continue
            shares.append((sector, share))
        if shares and sum(share for _sector, share in shares) != 100:
            self.error(number, "sectors", _("The sector percentages must add up to 100."))
        values["sectors"] = shares
        districts = []
        for name in (values["districts"] or "").split(";"):
            if name.strip():
                district = Location.objects.filter(
                    level=Location.Level.DISTRICT, name_vi__iexact=name.strip()
                ).first()
                if district is None:
                    self.error(number, "districts", _("No district named “%s”.") % name.strip())
                districts.append(district)
        values["districts"] = districts
        published = (values["published"] or "yes").lower()
        if published not in {"yes", "no", "1", "0", "true", "false", "có", "không"}:
            self.error(number, "published", _("Write yes or no."))
        values["published"] = published in {"yes", "1", "true", "có"}
        return values

    def save(self, values):
        project, _created = AidProject.objects.update_or_create(
            reference=values["reference"],
            defaults={
                "title_vi": values["title_vi"],
                "title_en": values["title_en"] or "",
                "description_vi": values["description_vi"] or "",
                "description_en": values["description_en"] or "",
                "kind": values["kind"],
                "status": values["status"] or ActivityStatus.IMPLEMENTATION,
                "year": values["year"],
                "planned_start": values["planned_start"],
                "planned_end": values["planned_end"],
                "decision_number": values["decision_number"] or "",
                "decision_date": values["decision_date"],
                "decision_issuer": values["decision_issuer"] or "",
                "beneficiaries_count": values["beneficiaries_count"],
                "is_published": values["published"],
            },
        )
        if values["sectors"]:
            project.sector_shares.all().delete()
            for sector, share in values["sectors"]:
                ProjectSector.objects.create(project=project, sector=sector, percentage=share)
        for donor in values["donors"]:
            Participant.objects.get_or_create(
                project=project, donor=donor, role=OrganisationRole.FUNDING
            )
        if values["districts"]:
            project.districts.set(values["districts"])


class TransactionImporter(Importer):
    TYPES = {
        "2": TransactionType.COMMITMENT,
        "commitment": TransactionType.COMMITMENT,
        "3": TransactionType.DISBURSEMENT,
        "disbursement": TransactionType.DISBURSEMENT,
        "4": TransactionType.EXPENDITURE,
        "expenditure": TransactionType.EXPENDITURE,
    }

    def check(self, number, row):
        values = {}
        reference = self.field(number, row, "project")
        values["project"] = None
        if reference:
            values["project"] = AidProject.objects.filter(reference=reference).first()
            if values["project"] is None:
                self.error(number, "project", _("No aid project with the code “%s”.") % reference)
        kind = (self.field(number, row, "type") or "").lower()
        if kind and kind not in self.TYPES:
            self.error(number, "type", _("Use commitment, disbursement or expenditure (2, 3, 4)."))
        values["transaction_type"] = self.TYPES.get(kind)
        values["date"] = self.field(number, row, "date", _date)
        values["value_date"] = self.field(number, row, "value_date", _date) or values["date"]
        amount = self.field(number, row, "amount", _decimal)
        if amount is not None and (amount <= 0 or amount.as_tuple().exponent < -2):
            self.error(number, "amount", _("The amount must be positive, with at most 2 decimals."))
        if amount is not None and abs(amount) >= Decimal(10) ** 16:
            self.error(number, "amount", _("The amount is too large."))
        values["amount"] = amount
        currency = (self.field(number, row, "currency") or "").upper()
        if currency and currency not in CURRENCY_CODES:
            self.error(number, "currency", _("Not a currency the portal knows (ISO 4217)."))
        values["currency"] = currency
        slug = self.field(number, row, "donor")
        values["donor"] = None
        if slug:
            values["donor"] = Donor.objects.filter(slug=slug).first()
            if values["donor"] is None:
                self.error(number, "donor", _("No donor with the code “%s”.") % slug)
        values["description"] = self.field(number, row, "description") or ""
        return values

    def save(self, values):
        Transaction.objects.create(**values)


class RateImporter(Importer):
    def check(self, number, row):
        currency = (self.field(number, row, "currency") or "").upper()
        if currency and (currency not in CURRENCY_CODES or currency == "VND"):
            self.error(number, "currency", _("Not a foreign currency the portal knows (ISO 4217)."))
        rate = self.field(number, row, "rate", _decimal)
        if rate is not None and rate <= 0:
            self.error(number, "rate", _("The rate must be positive."))
        return {
            "currency": currency,
            "date": self.field(number, row, "date", _date),
            "rate": rate,
            "source": self.field(number, row, "source") or "",
        }

    def save(self, values):
        ExchangeRate.objects.update_or_create(
            currency=values["currency"],
            date=values["date"],
            defaults={"rate": values["rate"], "source": values["source"]},
        )


IMPORTERS = {
    "projects": ProjectImporter,
    "transactions": TransactionImporter,
    "rates": RateImporter,
}


def import_file(dataset, upload):
    """Import `upload`; returns the number of rows, or raises ImportFailed with every error."""
    return IMPORTERS[dataset](dataset).run(upload)
