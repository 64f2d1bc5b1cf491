from django import template

from aid.imports import allowed_datasets

register = template.Library()


@register.simple_tag
def may_import_aid(user):
    """Whether the aid import page is open to `user` (aid.imports.PERMISSIONS)."""
    return bool(user.is_authenticated and allowed_datasets(user))
