"""portal/ is the project package and the parts every app uses: it does not import the apps
(issue 17), except the root URLconf and the sitemap index. What it gathers from every app
comes through portal.registry (docs/architecture.md, "Layering")."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "portal"
EXEMPT = {PORTAL / "urls.py", PORTAL / "sitemaps.py"}


def local_apps():
    """The top-level packages of the repository's own apps, portal excepted."""
    names = {entry.split(".")[0] for entry in settings.INSTALLED_APPS}
    return {name for name in names if (ROOT / name).is_dir() and name != "portal"}


def imported(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def test_the_apps_are_found():
    assert {"news", "unions", "members", "congresses", "aid", "search"} <= local_apps()


def test_portal_imports_no_app():
    apps = local_apps()
    reaches = []
    for path in sorted(PORTAL.rglob("*.py")):
        if path in EXEMPT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in imported(tree):
            if module.split(".")[0] in apps:
                reaches.append(f"{path.relative_to(ROOT)}:{line}: {module}")
    assert not reaches, "portal/ imports app code:\n" + "\n".join(reaches)
