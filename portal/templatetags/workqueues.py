from django import template

from portal import workqueues

register = template.Library()


@register.simple_tag
def work_queues(user):
    return workqueues.sections_for(user)
