from django import template

from congresses.views import current_officers

register = template.Library()


@register.simple_tag
def officers_of(organisation):
    """Tiers of the organisation chart (President, Vice Presidents, …) valid today."""
    return current_officers(organisation)
