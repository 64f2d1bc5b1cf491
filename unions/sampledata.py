"""Sample data of the union network (portal.sampledata): the home union the other apps' sample
rows belong to, made only when none is set."""

from portal.sampledata import record

from .models import SiteSettings, Union

ORDER = 10  # first: every other app's sample rows belong to the home union
COUNTS = {}
SAMPLE_MODELS = [Union]


def generate(ctx):
    ctx["union"] = home_union(ctx["out"])


def home_union(stdout):
    settings_row, _created = SiteSettings.objects.get_or_create(pk=1)
    if settings_row.home_union_id:
        return settings_row.home_union
    union = Union.objects.create(
        kind=Union.Kind.PROVINCIAL,
        name_vi="Liên hiệp các tổ chức hữu nghị tỉnh Mẫu",
        name_en="Sample Province Union of Friendship Organizations",
        slug="sample-union",
        province_vi="Mẫu",
        province_en="Sample",
    )
    record(Union, [union.pk])
    settings_row.home_union = union
    settings_row.save()
    stdout.write("unions: no home union was set; a sample one was made\n")
    return union


def before_remove(model, ids):
    # The site settings let go of a sample home union before it goes.
    if model is Union:
        SiteSettings.objects.filter(home_union_id__in=ids).update(home_union=None)
