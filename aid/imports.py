"""Import aid projects, transactions and exchange rates from CSV or XLSX.

An import happens in two steps (aid/views.py). First the file is read and every row
checked against the database, writing nothing: the plan says which rows are new, which
are already present with other values (changed), which are already present as they are,
and which are refused and why (row, column, message). Then, once the person confirms,
the plan is made again from the stored rows and written in one database transaction:
all of it, or, if a row has become wrong meanwhile, nothing.

Rows already present are found by a natural key (a project's reference; a rate's
currency and date; a transaction's reference, or else its project, type, date, amount,
currency and donor: docs/decisions.md), and the database enforces the transactions' key,
so importing a file twice, or confirming two previews of it at once, cannot count the
same money twice.

The files are hostile until read: an XLSX is a zip archive whose members are checked
before openpyxl opens it (member count, unpacked size, packing ratio), its declared
dimension is ignored and its rows are read lazily; rows and columns are capped; a CSV
field over the csv module's limit is a message, not a 500.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction as db_transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal import revisions

from . import conversion
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
        "reference",
    ],
    "rates": ["currency", "date", "rate", "source"],
}
REQUIRED = {
    "projects": {"reference", "title_vi", "kind", "year"},
    "transactions": {"project", "type", "date", "amount", "currency", "donor"},
    "rates": {"currency", "date", "rate"},
}
# What a person needs to import each kind of file: it adds rows and changes those already
# present (a project's sectors are replaced, its donors added to).
PERMISSIONS = {
    "projects": (
        "aid.add_aidproject",
        "aid.change_aidproject",
        "aid.add_projectsector",
        "aid.delete_projectsector",
        "aid.add_participant",
    ),
    "transactions": ("aid.add_transaction", "aid.change_transaction"),
    "rates": ("aid.add_exchangerate", "aid.change_exchangerate"),
}

# Limits on what is read. A real file of the union has a few thousand rows of some twenty
# columns; the unpacked size of such an XLSX is a few MB, packed 5 to 20 times.
MAX_ROWS = 20_000
MAX_COLUMNS = 100
XLSX_MAX_MEMBERS = 200
XLSX_MAX_UNPACKED = 30 * 1024 * 1024
XLSX_MAX_RATIO = 100  # for members over XLSX_RATIO_FROM bytes: a zip bomb packs ~1000 to 1
XLSX_RATIO_FROM = 1024 * 1024
# The checked rows kept between the preview and the confirmation (aid.PendingImport).
MAX_PENDING_BYTES = 16 * 1024 * 1024


@dataclass
class RowError:
    row: int
    column: str
    message: str


class ImportFailed(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def allowed_datasets(user):
    return [name for name, needed in PERMISSIONS.items() if user.has_perms(needed)]


def _file_error(message):
    return ImportFailed([RowError(0, "", message)])


# Reading -------------------------------------------------------------------------------------
def _check_archive(upload):
    """Refuse an XLSX whose members would unpack to more than the limits, before openpyxl
    reads any of them. zipfile never unpacks a member beyond its declared size (and a
    member that holds more fails its CRC check), so the declared sizes can be trusted."""
    upload.seek(0)
    try:
        members = zipfile.ZipFile(upload).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _file_error(_("The XLSX file cannot be read.")) from exc
    unpacked = sum(member.file_size for member in members)
    tight = any(
        member.file_size > XLSX_RATIO_FROM
        and member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > XLSX_MAX_MEMBERS or unpacked > XLSX_MAX_UNPACKED or tight:
        raise _file_error(
            _(
                "The XLSX file unpacks to more than %(size)s MB or is packed unusually "
                "tightly. Save it again from your spreadsheet program, or split it."
            )
            % {"size": XLSX_MAX_UNPACKED // (1024 * 1024)}
        )
    upload.seek(0)


def _xlsx_lines(upload):
    _check_archive(upload)
    from openpyxl import load_workbook

    workbook = None
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True, keep_links=False)
        sheet = workbook.worksheets[0]
        # The dimension the file declares ("A1:XFD1048576") is its word, not its content:
        # openpyxl pads every row to it. Rows are read one at a time, MAX_COLUMNS + 1 wide
        # (the extra column tells a sheet that is too wide).
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    except ImportFailed:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a damaged file
        raise _file_error(_("The XLSX file cannot be read.")) from exc
    finally:
        if workbook is not None:
            workbook.close()


def _csv_lines(upload):
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(_("The CSV file is not UTF-8 text.")) from exc
    reader = csv.reader(io.StringIO(text))
    number = 0
    try:
        for number, line in enumerate(reader, start=1):  # noqa: B007 (read in except)
            yield line
    except csv.Error as exc:
        # A field over csv.field_size_limit() (128 KB), or a broken quotation.
        raise ImportFailed(
            [
                RowError(
                    number + 1,
                    "",
                    _(
                        "This row cannot be read: a value is longer than 128 KB, or a "
                        "quotation mark is not closed."
                    ),
                )
            ]
        ) from exc


def _cell_text(value):
    """Every value as the text a person would type: what the checks read, and what is kept
    between the preview and the confirmation (JSON)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(str(value)))
    return str(value).strip()


def read_rows(upload):
    """(header, [(row number as the spreadsheet shows it, {column: text})]) for the non-empty
    data rows; raises ImportFailed for a file that cannot be read or is over the limits."""
    lines = _xlsx_lines(upload) if upload.name.lower().endswith(".xlsx") else _csv_lines(upload)
    header = None
    rows = []
    too_wide = _("The file has more than %(columns)s columns.") % {"columns": MAX_COLUMNS}
    for number, line in enumerate(lines, start=1):
        if number > MAX_ROWS + 1:
            raise _file_error(
                _(
                    "The file has more than %(rows)s rows (empty rows count too). Split it "
                    "into several files."
                )
                % {"rows": number_format(MAX_ROWS, force_grouping=True)}
            )
        if header is None:
            header = [_cell_text(value).lower() for value in line]
            while header and not header[-1]:
                header.pop()
            if len(header) > MAX_COLUMNS:
                raise _file_error(too_wide)
            repeated = sorted({name for name in header if name and header.count(name) > 1})
            if repeated:
                raise ImportFailed(
                    [
                        RowError(1, name, _("This column appears more than once."))
                        for name in repeated
                    ]
                )
            continue
        if line.count(None) + line.count("") == len(line):
            continue  # (counted in C: a crafted sheet may hold 20,000 empty rows)
        if len(line) > MAX_COLUMNS and any(value not in (None, "") for value in line[MAX_COLUMNS:]):
            raise _file_error(too_wide)
        values = {
            header[i]: _cell_text(line[i]) for i in range(min(len(header), len(line))) if header[i]
        }
        if any(values.values()):
            rows.append((number, values))
    return header or [], rows


# Values --------------------------------------------------------------------------------------
def _date(value):
    text = _cell_text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("Not a date: write 2024-03-31 or 31/03/2024."))


def _decimal(value):
    text = _cell_text(value)
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


def _integer(value):
    number = _decimal(value)
    if number != number.to_integral_value():
        raise ValueError(_("Write a whole number."))
    return int(number)


def _max_length(model, name):
    def convert(value):
        text = _cell_text(value)
        limit = model._meta.get_field(name).max_length
        if limit and len(text) > limit:
            raise ValueError(
                _("At most %(limit)d characters (this has %(length)d).")
                % {"limit": limit, "length": len(text)}
            )
        return text

    return convert


def _shown(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return number_format(value, force_grouping=True)
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


# Plans ---------------------------------------------------------------------------------------
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


@dataclass
class PlannedRow:
    row: int
    status: str
    label: str
    values: dict
    existing: object = None
    # (column, as stored, as in the file) for a changed row.
    changes: list = field(default_factory=list)


@dataclass
class Plan:
    dataset: str
    rows: list
    errors: list

    def of(self, status):
        return [row for row in self.rows if row.status == status]

    @property
    def refused_count(self):
        return len({error.row for error in self.errors})

    def counts(self):
        return {
            "new": len(self.of(NEW)),
            "changed": len(self.of(CHANGED)),
            "unchanged": len(self.of(UNCHANGED)),
            "refused": self.refused_count,
        }


class Importer:
    def __init__(self, dataset):
        self.dataset = dataset
        self.errors = []
        self._cache = {}

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, str(message)))

    def cached(self, kind, key, lookup):
        """One query per distinct code in the file, not one per row."""
        if (kind, key) not in self._cache:
            self._cache[(kind, key)] = lookup()
        return self._cache[(kind, key)]

    def donor(self, slug):
        return self.cached("donor", slug, lambda: Donor.objects.filter(slug=slug).first())

    def plan(self, header, rows):
        """What importing these rows would do; writes nothing. Raises ImportFailed for a
        file that cannot be imported at all (a required column missing, no rows)."""
        missing = REQUIRED[self.dataset] - set(header)
        if missing:
            raise ImportFailed(
                [
                    RowError(1, column, _("This column is missing from the first row."))
                    for column in sorted(missing)
                ]
            )
        if not rows:
            raise _file_error(_("The file has no data rows."))
        self.header = set(header)
        checked = []
        for number, row in rows:
            before = len(self.errors)
            values = self.check(number, row)
            if len(self.errors) == before:
                checked.append((number, values))
        self.load_existing([values for _number, values in checked])
        planned, seen = [], {}
        for number, values in checked:
            key = self.key(values)
            if key in seen:
                self.error(
                    number,
                    "",
                    _("Row %(row)s already holds this; each may appear only once.")
                    % {"row": seen[key]},
                )
                continue
            seen[key] = number
            planned.append(self.classify(number, values))
        self.errors.sort(key=lambda error: error.row)
        return Plan(self.dataset, planned, self.errors)

    def field(self, number, row, column, convert=_cell_text, required=None):
        value = row.get(column)
        if _cell_text(value) == "":
            if required if required is not None else column in REQUIRED[self.dataset]:
                self.error(number, column, _("This value is required."))
            return None
        try:
            return convert(value)
        except (ValueError, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else exc.args[0]
            self.error(number, column, message)
            return None

    @staticmethod
    def changes(pairs):
        return [
            (column, _shown(before), _shown(after))
            for column, before, after in pairs
            if (before if before is not None else "") != (after if after is not None else "")
        ]

    def apply(self, plan, user, note):
        """Write the plan (in the caller's transaction); returns the plan's counts."""
        raise NotImplementedError


class ProjectImporter(Importer):
    TEXT = ("reference", "title_vi", "title_en", "decision_number", "decision_issuer")
    TYPED = (
        "year",
        "planned_start",
        "planned_end",
        "decision_date",
        "beneficiaries_count",
    )

    def check(self, number, row):
        values = {}
        for name in COLUMNS["projects"]:
            if name in self.TEXT:
                model_field = "title" if name.startswith("title_") else name
                values[name] = self.field(number, row, name, _max_length(AidProject, model_field))
            elif name not in self.TYPED:
                values[name] = self.field(number, row, name)
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
        year = self.field(number, row, "year", _integer)
        if year is not None and not 1990 <= year <= 2100:
            self.error(number, "year", _("Not a plausible year."))
        values["year"] = year
        for name in ("planned_start", "planned_end", "decision_date"):
            values[name] = self.field(number, row, name, _date)
        count = self.field(number, row, "beneficiaries_count", _integer)
        if count is not None and count < 0:
            self.error(number, "beneficiaries_count", _("Not a plausible number."))
        values["beneficiaries_count"] = count
        donors = []
        for slug in (values["donors"] or "").split(";"):
            if slug.strip():
                donor = self.donor(slug.strip())
                if donor is None:
                    self.error(number, "donors", _("No donor with the code “%s”.") % slug.strip())
                donors.append(donor)
        values["donors"] = donors
        shares = []
        for part in (values["sectors"] or "").split(";"):
            if not part.strip():
                continue
            code, _sep, percentage = part.partition(":")
            code = code.strip()
            sector = self.cached(
                "sector", code, lambda c=code: Sector.objects.filter(code=c).first()
            )
            if sector is None:
                self.error(number, "sectors", _("No DAC sector with the code “%s”.") % code)
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
        for part in (values["districts"] or "").split(";"):
            name = part.strip()
            if name:
                district = self.cached(
                    "district",
                    name.lower(),
                    lambda n=name: Location.objects.filter(
                        level=Location.Level.DISTRICT, name_vi__iexact=n
                    ).first(),
                )
                if district is None:
                    self.error(number, "districts", _("No district named “%s”.") % name)
                districts.append(district)
        values["districts"] = districts
        # No published column, or an empty cell: a new project stays unpublished until
        # someone publishes it, and one already present keeps its state.
        published = (values["published"] or "").lower()
        if published and published not in {"yes", "no", "1", "0", "true", "false", "có", "không"}:
            self.error(number, "published", _("Write yes or no."))
        values["published"] = {"": None}.get(published, published in {"yes", "1", "true", "có"})
        return values

    def load_existing(self, checked):
        references = [values["reference"] for values in checked]
        self.existing = {
            project.reference: project
            for project in AidProject.objects.filter(reference__in=references).prefetch_related(
                "sector_shares__sector", "participants", "districts"
            )
        }

    def key(self, values):
        return values["reference"]

    def _fields(self, values):
        return {
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
        }

    def classify(self, number, values):
        project = self.existing.get(values["reference"])
        label = f"{values['reference']} {values['title_vi']}"
        if project is None:
            return PlannedRow(number, NEW, label, values)
        pairs = [
            (name, getattr(project, name), value) for name, value in self._fields(values).items()
        ]
        if values["published"] is not None:
            pairs.append(("published", project.is_published, values["published"]))
        if values["sectors"]:
            stored = sorted(
                f"{share.sector.code}:{share.percentage.normalize():f}"
                for share in project.sector_shares.all()
            )
            wanted = sorted(f"{s.code}:{p.normalize():f}" for s, p in values["sectors"])
            pairs.append(("sectors", stored, wanted))
        funders = {
            p.donor_id for p in project.participants.all() if p.role == OrganisationRole.FUNDING
        }
        new_donors = [donor.slug for donor in values["donors"] if donor.pk not in funders]
        if new_donors:
            pairs.append(("donors", [], new_donors))
        if values["districts"]:
            stored = sorted(district.name_vi for district in project.districts.all())
            pairs.append(("districts", stored, sorted({d.name_vi for d in values["districts"]})))
        changes = self.changes(pairs)
        return PlannedRow(
            number, CHANGED if changes else UNCHANGED, label, values, project, changes
        )

    def apply(self, plan, user, note):
        touched = []
        for planned in plan.rows:
            if planned.status == UNCHANGED:
                continue
            values = planned.values
            if planned.existing is not None:
                revisions.record_baseline(AidProject, planned.existing.pk)
                project = planned.existing
                for name, value in self._fields(values).items():
                    setattr(project, name, value)
                if values["published"] is not None:
                    project.is_published = values["published"]
                project.save()
            else:
                project = AidProject.objects.create(
                    reference=values["reference"],
                    is_published=bool(values["published"]),
                    **self._fields(values),
                )
            if values["sectors"]:
                project.sector_shares.all().delete()
                ProjectSector.objects.bulk_create(
                    ProjectSector(project=project, sector=sector, percentage=share)
                    for sector, share in values["sectors"]
                )
            for donor in values["donors"]:
                Participant.objects.get_or_create(
                    project=project, donor=donor, role=OrganisationRole.FUNDING
                )
            if values["districts"]:
                project.districts.set(values["districts"])
            touched.append(project)
        for project in touched:
            revisions.record(project, user, note=note)
        return plan.counts()


class TransactionImporter(Importer):
    TYPES = {
        "2": TransactionType.COMMITMENT,
        "commitment": TransactionType.COMMITMENT,
        "3": TransactionType.DISBURSEMENT,
        "disbursement": TransactionType.DISBURSEMENT,
        "4": TransactionType.EXPENDITURE,
        "expenditure": TransactionType.EXPENDITURE,
    }
    KEY = ("transaction_type", "date", "amount", "currency", "donor")

    def check(self, number, row):
        values = {}
        reference = self.field(number, row, "project")
        values["project"] = None
        if reference:
            values["project"] = self.cached(
                "project", reference, lambda: AidProject.objects.filter(reference=reference).first()
            )
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
            values["donor"] = self.donor(slug)
            if values["donor"] is None:
                self.error(number, "donor", _("No donor with the code “%s”.") % slug)
        values["description"] = (
            self.field(number, row, "description", _max_length(Transaction, "description")) or ""
        )
        values["reference"] = (
            self.field(number, row, "reference", _max_length(Transaction, "reference")) or ""
        )
        return values

    def _key(self, project_id, values):
        return (project_id, *(values[name] for name in self.KEY))

    def load_existing(self, checked):
        projects = {values["project"].pk for values in checked}
        self.by_reference, self.by_key = {}, {}
        for stored in Transaction.objects.filter(project__in=projects).select_related("donor"):
            if stored.reference:
                self.by_reference[(stored.project_id, stored.reference)] = stored
            key = self._key(stored.project_id, vars(stored) | {"donor": stored.donor})
            # A row without a reference is the transaction stored without one, if any.
            if not stored.reference or key not in self.by_key:
                self.by_key[key] = stored

    def key(self, values):
        if values["reference"]:
            return ("reference", values["project"].pk, values["reference"])
        return ("key", *self._key(values["project"].pk, values))

    def classify(self, number, values):
        project = values["project"]
        label = " · ".join(
            [
                project.reference,
                str(TransactionType(values["transaction_type"]).label),
                values["date"].isoformat(),
                f"{_shown(values['amount'])} {values['currency']}",
                values["donor"].slug,
                *([values["reference"]] if values["reference"] else []),
            ]
        )
        stored = None
        if values["reference"]:
            stored = self.by_reference.get((project.pk, values["reference"]))
        if stored is None:
            stored = self.by_key.get(self._key(project.pk, values))
            if stored is not None and stored.reference and values["reference"]:
                stored = None  # another transaction alike, told apart by its reference
        if stored is None:
            return PlannedRow(number, NEW, label, values)
        pairs = [
            (
                "type",
                str(stored.get_transaction_type_display()),
                str(TransactionType(values["transaction_type"]).label),
            ),
            ("date", stored.date, values["date"]),
            ("value_date", stored.value_date, values["value_date"]),
            ("amount", stored.amount, values["amount"]),
            ("currency", stored.currency, values["currency"]),
            ("donor", stored.donor.slug, values["donor"].slug),
            ("description", stored.description, values["description"]),
        ]
        if values["reference"]:
            pairs.append(("reference", stored.reference, values["reference"]))
        changes = self.changes(pairs)
        return PlannedRow(number, CHANGED if changes else UNCHANGED, label, values, stored, changes)

    def apply(self, plan, user, note):
        projects = {}
        for planned in plan.rows:
            if planned.status == UNCHANGED:
                continue
            project = planned.values["project"]
            if project.pk not in projects:
                revisions.record_baseline(AidProject, project.pk)
                projects[project.pk] = project
            if planned.existing is None:
                Transaction.objects.create(**planned.values)
            else:
                stored = planned.existing
                for name, value in planned.values.items():
                    # A row without a reference never takes away the one stored.
                    if name != "reference" or value:
                        setattr(stored, name, value)
                stored.save()
        for project in projects.values():
            revisions.record(project, user, note=note)
        return plan.counts()


class RateImporter(Importer):
    def check(self, number, row):
        currency = (self.field(number, row, "currency") or "").upper()
        if currency and (currency not in CURRENCY_CODES or currency == "VND"):
            self.error(number, "currency", _("Not a foreign currency the portal knows (ISO 4217)."))
        rate = self.field(number, row, "rate", _decimal)
        if rate is not None and (rate <= 0 or rate.as_tuple().exponent < -6):
            self.error(number, "rate", _("The rate must be positive, with at most 6 decimals."))
        if rate is not None and rate >= Decimal(10) ** 12:
            self.error(number, "rate", _("The rate is too large."))
        return {
            "currency": currency,
            "date": self.field(number, row, "date", _date),
            "rate": rate,
            "source": self.field(number, row, "source", _max_length(ExchangeRate, "source")) or "",
        }

    def load_existing(self, checked):
        currencies = {values["currency"] for values in checked}
        dates = {values["date"] for values in checked}
        self.existing = {
            (rate.currency, rate.date): rate
            for rate in ExchangeRate.objects.filter(currency__in=currencies, date__in=dates)
        }

    def key(self, values):
        return (values["currency"], values["date"])

    def classify(self, number, values):
        label = f"{values['currency']} {values['date'].isoformat()}"
        stored = self.existing.get(self.key(values))
        if stored is None:
            return PlannedRow(number, NEW, label, values)
        changes = self.changes(
            [("rate", stored.rate, values["rate"]), ("source", stored.source, values["source"])]
        )
        return PlannedRow(number, CHANGED if changes else UNCHANGED, label, values, stored, changes)

    def apply(self, plan, user, note):
        for planned in plan.rows:
            if planned.status == NEW:
                ExchangeRate.objects.create(**planned.values)
            elif planned.status == CHANGED:
                planned.existing.rate = planned.values["rate"]
                planned.existing.source = planned.values["source"]
                planned.existing.save(update_fields=["rate", "source"])
        return plan.counts()


IMPORTERS = {
    "projects": ProjectImporter,
    "transactions": TransactionImporter,
    "rates": RateImporter,
}


def plan_rows(dataset, header, rows):
    return IMPORTERS[dataset](dataset).plan(header, rows)


def apply_rows(dataset, header, rows, user, file_name):
    """Plan the rows again against the database as it is now and write them, all or
    nothing; raises ImportFailed (nothing written) if any row is refused now."""
    importer = IMPORTERS[dataset](dataset)
    # The converted amounts of the transactions written, or that the rates written convert,
    # are stored once at the end (aid/conversion.py), not after each row.
    with db_transaction.atomic(), conversion.deferred():
        plan = importer.plan(header, rows)
        if plan.errors:
            raise ImportFailed(plan.errors)
        note = _("Imported from the file “%(name)s”") % {"name": file_name[:120]}
        return importer.apply(plan, user, note)


def import_file(dataset, upload, user=None):
    """Import `upload` without a preview (the demo data, scripts); returns the number of rows
    written, or raises ImportFailed with every error."""
    header, rows = read_rows(upload)
    counts = apply_rows(dataset, header, rows, user, upload.name)
    return counts["new"] + counts["changed"]
