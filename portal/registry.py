"""How portal finds what each app contributes without importing the apps: an app provides a
module of a conventional name (`demo`, `privacy`, `workqueues`, `pagecache`, `files`), and
portal imports it through the app registry, in the order of INSTALLED_APPS (apps that others
refer to come first, as Django's own rule for INSTALLED_APPS has it)."""

import functools
import importlib

from django.apps import apps


@functools.cache
def app_modules(name):
    """((app config, module), ...) for every installed app that has a module `name`.

    A module that exists but fails to import raises: only a missing module is skipped. Kept
    once found (the page cache asks on every request, and looking for a missing module
    searches the disk)."""
    apps.check_apps_ready()
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found.append((config, module))
    return tuple(found)


def app_hooks(name, attribute):
    """[the attribute `attribute` of each app's module `name`], for the apps whose module has
    it. Portal's own module of the same name is the one asking: never its own hook."""
    return [
        getattr(module, attribute)
        for config, module in app_modules(name)
        if config.name != "portal" and hasattr(module, attribute)
    ]
