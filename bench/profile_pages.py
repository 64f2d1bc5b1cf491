"""Profile pages built from the database, in-process: where one request's time goes.

    DATABASE_URL=postgres://… .venv/bin/python bench/profile_pages.py news_list article
    DATABASE_URL=postgres://… .venv/bin/python bench/profile_pages.py --top 25 /vi/tin-tuc/?page=500

A page is a name of bench/run.py's page list (its Vietnamese path; `name:en` for the English
one) or a path. Each page is requested once to warm up, then REPEAT times (default 20) under
cProfile with the page cache off, as the `built` half of `make bench` serves it; printed: the
mean time of a request, its SQL statements with their time, and the functions with the most
time of their own and in all (cProfile's tottime and cumtime). Staff pages (`admin_…`) are
requested as a superuser past the second factor. Production settings (DEBUG off), the cache of
REDIS_URL if set (locmem otherwise), the static files and images of the last `make bench`
(var/bench/).
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_BENCH", "1")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # What the last `make bench` collected and generated.
    os.environ.setdefault("DJANGO_STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench" / "media"))
    import django

    django.setup()


def resolve_pages(names):
    import run
    from django.db import connection

    ns = {}
    setup, paths = {}, {}
    for code, tag, target in ((run.SETUP, "BENCH-SETUP", setup), (run.PATHS, "BENCH-PATHS", paths)):
        out = io.StringIO()
        stdout, sys.stdout = sys.stdout, out
        try:
            exec(code, ns)  # noqa: S102 - the bench's own setup code
        finally:
            sys.stdout = stdout
        target.update(run.marker(out.getvalue(), tag))
    connection.close()
    known = {(p["name"], p["lang"]): p for p in run.page_list(paths, setup)}
    known.update({(p["name"], p["lang"]): p for p in run.staff_pages(paths, setup)})
    pages = []
    for name in names:
        if name.startswith("/"):
            pages.append({"name": name, "lang": "vi", "path": name})
            continue
        page_name, _sep, language = name.partition(":")
        page = known.get((page_name, language or "vi"))
        if page is None:
            sys.exit(f"unknown page {name!r}; known: {sorted({n for n, _l in known})}")
        pages.append(page)
    return pages, setup


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.db import connections
    from django.test import Client

    pages, setup = resolve_pages(args.pages)
    anonymous = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_X_BENCH_BUILT="1")
    staff = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_X_BENCH_BUILT="1")
    leadership = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_X_BENCH_BUILT="1")
    staff.cookies["sessionid"] = setup["staff_session"]
    leadership.cookies["sessionid"] = setup["session"]
    for page in pages:
        client = anonymous
        if page["name"].startswith("admin_"):
            client = staff
        elif page["name"] == "aid_dashboard":
            client = leadership
        headers = {"HTTP_ACCEPT_LANGUAGE": page["lang"]}
        response = client.get(page["path"], **headers)
        if response.status_code != 200:
            print(f"{page['name']} {page['lang']}: status {response.status_code}")
        captured = []

        def record(execute, sql, params, many, context, captured=captured):
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append({"sql": sql, "time": time.perf_counter() - began})

        with connections["default"].execute_wrapper(record):
            client.get(page["path"], **headers)
        began, began_cpu = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            client.get(page["path"], **headers)
        mean = (time.perf_counter() - began) / args.repeat * 1000
        # Django's own CPU time: steadier than the wall clock on a busy machine.
        cpu = (time.process_time() - began_cpu) / args.repeat * 1000
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(page["path"], **headers)
        profiler.disable()
        sql_ms = sum(query["time"] for query in captured) * 1000
        print(
            f"\n=== {page['name']} {page['lang']} {page['path']}: {mean:.1f} ms a request, "
            f"{cpu:.1f} ms CPU (without the profiler), {len(captured)} queries, {sql_ms:.1f} ms SQL"
        )
        for query in captured:
            print(f"  {query['time'] * 1000:7.1f} ms  {query['sql'][:150]}")
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(order).print_stats(args.top)
            lines = out.getvalue().splitlines()
            start = next(i for i, line in enumerate(lines) if "ncalls" in line)
            print(f"  -- by {order}")
            print("\n".join("  " + line[:160] for line in lines[start : start + args.top + 1]))


if __name__ == "__main__":
    main()
