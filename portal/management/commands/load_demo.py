"""Load the demo site: the same data every time, however often it runs.

`--union tay-ninh` makes Tây Ninh the home union (`DEMO=tay-ninh make run`); without it the
home union is Bắc Giang again, whatever an earlier run chose. unions.demo sets the home union
first; the other apps' demos read it from the site settings.
"""

import importlib

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.roles import ROLES
from unions.demo import DEFAULT_HOME, HOMES

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - development only, refused without DEBUG

# Apps whose demo data other apps refer to come first.
DEMO_APPS = [
    "unions",
    "members",
    "news",
    "congresses",
    "albums",
    "documents",
    "events",
    "aid",
    "search",
]


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent) and, with DEBUG on, demo staff accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Do not create the demo staff accounts."
        )
        parser.add_argument(
            "--union",
            choices=list(HOMES),
            default=DEFAULT_HOME,
            help=f"The home union of the demo portal (default: {DEFAULT_HOME}).",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            for label in DEMO_APPS:
                module_name = f"{apps.get_app_config(label).name}.demo"
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                if label == "unions":
                    module.load(self.stdout, home=options["union"])
                else:
                    module.load(self.stdout)
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
