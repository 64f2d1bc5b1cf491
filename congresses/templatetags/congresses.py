from django import template

from congresses.models import Congress
from congresses.views import current_officers

register = template.Library()


@register.simple_tag
def officers_of(organisation):
    """Tiers of the organisation chart (President, Vice Presidents, …) valid today."""
    return current_officers(organisation)


@register.simple_tag
def congresses_of(organisation):
    """The organisation's published congresses, the latest first."""
    field = organisation._meta.model_name  # Congress.union or Congress.association
    congresses = Congress.objects.published().filter(**{field: organisation})
    return list(congresses.order_by("-term_start_year"))
