"""Load the demo site: the same data every time, however often it runs.

`--union tay-ninh` makes Tây Ninh the home union (`DEMO=tay-ninh make run`); without it the
home union is Bắc Giang again, whatever an earlier run chose. unions.demo sets the home union
first; the other apps' demos read it from the site settings.

Each app's `demo` module (portal.registry) is loaded in the order of INSTALLED_APPS, so an
app's demo finds the rows of the apps it refers to. A demo module may add options to the
command (`add_arguments(parser)`); its load() receives those it names.
"""

import inspect

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.registry import app_modules
from portal.roles import ROLES

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - development only, refused without DEBUG


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent) and, with DEBUG on, demo staff accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Do not create the demo staff accounts."
        )
        for _config, module in app_modules("demo"):
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, **options):
        with transaction.atomic():
            for _config, module in app_modules("demo"):
                named = list(inspect.signature(module.load).parameters)[1:]  # after stdout
                module.load(self.stdout, **{k: v for k, v in options.items() if k in named})
        if not options["no_users"]:
            self.create_demo_users()

    def create_demo_users(self):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo accounts created.")
            return
        User = get_user_model()
        admin, _created = User.objects.get_or_create(username="admin")
        admin.is_staff = admin.is_superuser = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        lines = [f"  {'superuser':<14} admin / {DEMO_PASSWORD}"]
        for role in ROLES:
            username = role.lower()
            user, _created = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = False
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            lines.append(f"  {role:<14} {username} / {DEMO_PASSWORD}")
        self.stdout.write("Demo staff accounts (development only):")
        self.stdout.write("\n".join(lines))
