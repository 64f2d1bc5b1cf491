"""`make audit`: judge every public page with the web's own tools.

    python -m tests.audit.run [--skip lighthouse,vnu,...] [--keep-going]

Builds the demo site (tests/audit/server.py), serves it with DEBUG off, collects
every URL of /sitemap.xml (both languages) plus the kinds the sitemap cannot
list (search results, the 404 page) and runs:

- axe-core in headless Chromium on every URL: fails on impact serious/critical;
- the Nu HTML Checker (vnu-jar) on the HTML the server sent: fails on errors;
- Lighthouse (mobile) on the LIGHTHOUSE_KINDS pages, both languages: fails
  under 95 in any category;
- screenshots of one page of each kind at 360, 768 and 1280 px, both
  languages, and a check that nothing scrolls sideways at 360 px.

Reports go to test-artifacts/audit/ (summary.md, summary.json, lighthouse/*.json,
axe.json, vnu.json, screenshots/).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.audit import browser as checks
from tests.audit import pages, server

ROOT = server.ROOT
OUT = ROOT / "test-artifacts" / "audit"
NODE_BIN = ROOT / "node_modules" / ".bin"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = [360, 768, 1280]
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE_MINIMUM = 95
# Audits that fail on purpose on some page kinds: they do not fail `make audit` but are
# reported under the table, each with its reason: (URL name, Lighthouse audit id) -> why.
ACCEPTED: dict[tuple[str, str], str] = {}


def slug(path):
    return re.sub(r"[^A-Za-z0-9]+", "-", path.strip("/")).strip("-") or "root"


def kind_slug(kind, language):
    # A kind may carry a query (pages.SEARCH_KIND_PAGE): file names keep letters and digits.
    return f"{re.sub(r'[^A-Za-z0-9]+', '-', kind)}-{language}"


def fetch_html(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- axe-core and screenshots ---------------------------------------------------------------


AXE_WORKERS = 3


def axe_over(base_url, urls):
    """axe-core on `urls` in one browser of its own (Playwright's sync API is per thread)."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # bypass_csp: axe-core is injected as an inline script, which the portal's CSP refuses.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        for path in urls:
            page.goto(base_url + path, wait_until="load")
            results[path] = checks.run_axe(page)
        browser.close()
    return results


def browser_checks(base_url, urls, representatives, skip):
    from concurrent.futures import ThreadPoolExecutor

    from playwright.sync_api import sync_playwright

    axe_results, layout_problems = {}, []
    shots = OUT / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    if "axe" not in skip:
        # Hundreds of URLs: a few browsers side by side keep both cores busy.
        chunks = [urls[i::AXE_WORKERS] for i in range(AXE_WORKERS)]
        with ThreadPoolExecutor(AXE_WORKERS) as pool:
            for part in pool.map(lambda chunk: axe_over(base_url, chunk), chunks):
                axe_results.update(part)
        axe_results = {path: axe_results[path] for path in urls}
        print(f"       axe-core: {len(urls)} pages", flush=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        if "screenshots" not in skip:
            for (kind, language), path in sorted(representatives.items()):
                page.goto(base_url + path, wait_until="load")
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    checks.load_lazy_images(page)  # for this width's srcset choice
                    page.evaluate("document.fonts.ready")
                    overflow = checks.overflow(page)
                    if width == 360 and overflow > 0:
                        wide = checks.widest_elements(page)
                        layout_problems.append(
                            {"path": path, "overflow_px": overflow, "wide": wide}
                        )
                    page.screenshot(
                        path=shots / f"{kind_slug(kind, language)}-{width}.png", full_page=True
                    )
        browser.close()
    return axe_results, layout_problems


# --- Nu HTML Checker ------------------------------------------------------------------------


def run_vnu(html_files):
    java = shutil.which("java")
    if not java:
        raise SystemExit("java is missing: `make audit` installs default-jre-headless")
    result = subprocess.run(
        [
            java,
            "-Xss8m",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, html_files),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    by_file = {}
    for message in messages:
        name = Path(message.get("url", "").removeprefix("file:")).name
        by_file.setdefault(name, []).append(message)
    return by_file


# --- Lighthouse -----------------------------------------------------------------------------


# Lighthouse now and then loses the trace of a page load on a busy machine (NO_NAVSTART,
# NO_FCP) and asks to be run again; a page that fails three times in a row fails the audit.
LIGHTHOUSE_ATTEMPTS = 3


def run_lighthouse(url, report):
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(NODE_BIN / "lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={flags}",
        "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES),
        "--max-wait-for-load=30000",
    ]
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        if subprocess.run(command, env=env, timeout=240).returncode == 0:
            break
        print(f"  lighthouse {url}: attempt {attempt} of {LIGHTHOUSE_ATTEMPTS} failed")
    else:
        raise RuntimeError(f"Lighthouse failed {LIGHTHOUSE_ATTEMPTS} times on {url}")
    data = json.loads(Path(report).read_text())
    scores = {c: round((data["categories"][c]["score"] or 0) * 100) for c in LIGHTHOUSE_CATEGORIES}
    failing = []
    for category in LIGHTHOUSE_CATEGORIES:
        for ref in data["categories"][category]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 0.9:
                failing.append(
                    f"{category}: {ref['id']} ({audit.get('displayValue', audit['score'])})"
                )
    return scores, failing


# --- the run --------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--skip", default="", help="comma-separated: axe,vnu,lighthouse,screenshots"
    )
    parser.add_argument(
        "--no-build", action="store_true", help="reuse var/audit/ from the last run"
    )
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.monotonic()

    os.environ.update(server.environment())
    import django

    django.setup()

    def phase(name):
        print(f"[{round(time.monotonic() - started):4d} s] {name}", flush=True)

    if not args.no_build:
        phase("building the demo site")
        server.build()
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "html").mkdir(parents=True)
    summary = {"failures": []}

    with server.serve() as base_url:
        sitemap = pages.sitemap_paths(base_url)
        representatives = pages.representatives(sitemap)
        urls = list(dict.fromkeys([*sitemap, *representatives.values()]))
        print(f"{len(sitemap)} URLs in the sitemap, {len(representatives)} page kinds × languages")
        for (kind, language), path in sorted(representatives.items()):
            print(f"  {kind:32} {language}  {path}")

        phase("fetching the HTML")
        html_files = []
        for path in urls:
            status, body = fetch_html(base_url + path)
            expected = 404 if path in {p for k, _l, p in pages.extra_pages() if k == "404"} else 200
            if status != expected:
                summary["failures"].append(f"{path}: HTTP {status}, expected {expected}")
            target = OUT / "html" / f"{slug(path)}.html"
            target.write_bytes(body)
            html_files.append(target)

        phase("axe-core and screenshots")
        axe_results, layout_problems = browser_checks(base_url, urls, representatives, skip)
        axe_failures = 0
        for path, violations in axe_results.items():
            for violation in violations:
                if violation["impact"] in checks.FAILING_IMPACTS:
                    axe_failures += 1
                    summary["failures"].append(
                        f"axe {violation['impact']} {violation['id']} on {path}: "
                        + "; ".join(n["target"] for n in violation["nodes"][:3])
                    )
        (OUT / "axe.json").write_text(json.dumps(axe_results, indent=1, ensure_ascii=False))
        for problem in layout_problems:
            summary["failures"].append(
                f"scrolls sideways at 360 px by {problem['overflow_px']} px: {problem['path']} "
                f"({', '.join(problem['wide'])})"
            )
        summary["axe"] = {
            "pages": len(axe_results),
            "serious_or_critical": axe_failures,
            "all": sum(len(v) for v in axe_results.values()),
        }

        if "vnu" not in skip:
            phase("Nu HTML Checker")
            vnu = run_vnu(html_files)
            (OUT / "vnu.json").write_text(json.dumps(vnu, indent=1, ensure_ascii=False))
            errors = 0
            for name, messages in sorted(vnu.items()):
                for message in messages:
                    if message.get("type") == "error" or message.get("subType") == "fatal":
                        errors += 1
                        summary["failures"].append(
                            f"vnu {name} line {message.get('lastLine')}: {message.get('message')}"
                        )
            summary["vnu"] = {"files": len(html_files), "errors": errors}

        lighthouse_rows = []
        if "lighthouse" not in skip:
            phase("Lighthouse")
            (OUT / "lighthouse").mkdir()
            for kind in pages.LIGHTHOUSE_KINDS:
                for language in ("vi", "en"):
                    path = representatives.get((kind, language))
                    if kind == "news:article" and not path:
                        path = next(
                            (
                                p
                                for (k, lang), p in representatives.items()
                                if lang == language and pages.is_article_kind(k)
                            ),
                            None,
                        )
                    if not path:
                        summary["failures"].append(f"lighthouse: no {kind} page in {language}")
                        continue
                    report = OUT / "lighthouse" / f"{kind_slug(kind, language)}.json"
                    scores, failing = run_lighthouse(base_url + path, report)
                    lighthouse_rows.append((kind, language, path, scores, failing))
                    print(f"  lighthouse {kind} {language}: {scores}")
                    unexpected = [
                        f for f in failing if (kind, f.split(": ")[1].split(" ")[0]) not in ACCEPTED
                    ]
                    if min(scores.values()) < LIGHTHOUSE_MINIMUM and unexpected:
                        summary["failures"].append(
                            f"lighthouse {kind} {language} {scores}: " + "; ".join(unexpected)
                        )
            summary["lighthouse"] = [
                {"kind": k, "language": lang, "path": p, "scores": s, "below_90": f}
                for k, lang, p, s, f in lighthouse_rows
            ]

    summary["seconds"] = round(time.monotonic() - started)
    table = render_table(summary, lighthouse_rows)
    (OUT / "summary.md").write_text(table)
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(table)
    if summary["failures"]:
        print(f"{len(summary['failures'])} problems (details in {OUT.relative_to(ROOT)}/):")
        for failure in summary["failures"]:
            print("  -", failure)
        return 1
    print("audit: no problems")
    return 0


def render_table(summary, lighthouse_rows):
    lines = ["# Page audit", ""]
    if "axe" in summary:
        a = summary["axe"]
        lines.append(
            f"axe-core: {a['pages']} pages, {a['serious_or_critical']} serious/critical "
            f"violations ({a['all']} of any impact)"
        )
    if "vnu" in summary:
        lines.append(
            f"Nu HTML Checker: {summary['vnu']['files']} pages, {summary['vnu']['errors']} errors"
        )
    if lighthouse_rows:
        lines += [
            "",
            "| page | lang | perf | a11y | best pr. | SEO |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
        ]
        for kind, language, _path, scores, _failing in lighthouse_rows:
            cells = " | ".join(str(scores[c]) for c in LIGHTHOUSE_CATEGORIES)
            lines.append(f"| {kind} | {language} | {cells} |")
    notes = {
        f"{kind}: {audit} ({why})"
        for kind, _l, _p, _s, failing in lighthouse_rows
        for (accepted_kind, audit), why in ACCEPTED.items()
        if kind == accepted_kind and any(f.split(": ")[1].startswith(audit) for f in failing)
    }
    if notes:
        lines += ["", "Accepted: " + "; ".join(sorted(notes))]
    lines.append(f"\n{summary['seconds']} s")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
