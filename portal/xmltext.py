"""Text that can always be written into XML 1.0 (the IATI feed).

XML 1.0 has no way to write most control characters, not even as a character reference, so
one pasted from Word (a vertical tab for a line break, a form feed) or brought in by an
import would make the whole feed unreadable to every consumer. They carry no meaning in a
title or a name, so they are taken out: on save, for the models whose text the feed writes,
and again when the XML is written, for rows changed without save() (QuerySet.update(),
bulk_create, raw SQL).
"""

import re

from django.db import models

# Below 0x20 only tab, LF and CR are XML characters; U+FFFE/U+FFFF are not characters;
# a lone surrogate cannot be encoded at all.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# The models whose text reaches the IATI feed: every aid model, and the home union (the
# reporting organisation's name).
CLEANED_APPS = {"aid"}
CLEANED_MODELS = {"unions.union"}


def xml_safe(value):
    if not value or not isinstance(value, str):
        return value
    return XML_INVALID.sub("", value)


def strip_on_save(sender, instance, raw=False, **kwargs):
    meta = sender._meta
    if meta.app_label not in CLEANED_APPS and meta.label_lower not in CLEANED_MODELS:
        return
    for field in meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            cleaned = xml_safe(value)
            if cleaned != value:
                setattr(instance, field.attname, cleaned)
