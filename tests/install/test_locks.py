"""The locks in requirements/ (`make lock`): every version pinned with its hashes, the three
in agreement with one another and with pyproject.toml's ranges, and what production installs
free of the development set. A pyproject.toml changed without `make lock` fails here."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ("runtime", "runtime-s3", "dev")
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)")
HASH = re.compile(r"--hash=(sha256:[0-9a-f]{64})")


def read_lock(name):
    """{package: (version, hashes)} of requirements/<name>.txt."""
    pins, current = {}, None
    for line in (ROOT / "requirements" / f"{name}.txt").read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = (match[2], set())
        elif match := HASH.search(line):
            pins[current][1].add(match[1])
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f"{name}.txt: a line that is neither a pin nor a hash: {line!r}")
    return pins


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def requirements(entries):
    return [Requirement(entry) for entry in entries]


@pytest.fixture(scope="module")
def locks():
    return {name: read_lock(name) for name in LOCKS}


def test_every_pin_has_its_hashes(locks):
    for name, pins in locks.items():
        assert pins, name
        assert all(hashes for _version, hashes in pins.values()), name


def test_the_locks_pin_the_same_versions(locks):
    """What runtime.txt pins, the other two pin alike (same hashes): tests run on what
    production runs."""
    for name in ("runtime-s3", "dev"):
        for package, pin in locks["runtime"].items():
            assert locks[name].get(package) == pin, f"{package} differs in {name}.txt"
    for package, pin in locks["runtime-s3"].items():
        assert locks["dev"].get(package) == pin, f"{package} differs in dev.txt"


@pytest.mark.parametrize(
    "lock, groups",
    [("runtime", []), ("runtime-s3", ["s3"]), ("dev", ["s3", "dev"])],
)
def test_each_lock_satisfies_pyproject(locks, lock, groups):
    pins = locks[lock]
    wanted = requirements(project()["dependencies"])
    for group in groups:
        wanted += requirements(project()["optional-dependencies"][group])
    for requirement in wanted:
        package = canonicalize_name(requirement.name)
        assert package in pins, f"{requirement} is missing from {lock}.txt: run make lock"
        version = pins[package][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock}.txt pins {package}=={version} outside {requirement}: run make lock"
        )


def test_production_installs_nothing_of_the_development_set(locks):
    runtime = set(locks["runtime"])
    s3_only = set(locks["runtime-s3"]) - runtime
    dev_tools = {
        canonicalize_name(r.name) for r in requirements(project()["optional-dependencies"]["dev"])
    }
    assert not dev_tools & set(locks["runtime-s3"])
    assert {"pytest", "playwright", "hypothesis", "ruff", "lxml", "moto"} <= dev_tools
    assert {"django-storages", "boto3"} <= s3_only
    assert not s3_only & runtime
