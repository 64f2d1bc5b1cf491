"""In-page checks shared by `make audit` and the browser tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}

# How many CSS pixels the page is wider than the viewport (0: no sideways scrolling).
OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

# What sticks out on the right: the elements to look at when a page scrolls sideways.
WIDEST_ELEMENTS_JS = """() => {
    const width = document.documentElement.clientWidth;
    const name = el => el.tagName.toLowerCase()
        + (el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "");
    return [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map(name);
}"""

AXE_RUN_JS = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 300),
                                  summary: n.failureSummary}))
    }));
}"""


def run_axe(page):
    """axe-core's violations on the page as loaded (all rules, every impact)."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(AXE_RUN_JS)


def serious(violations):
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def describe(violations):
    return "\n".join(
        f"{v['impact']} {v['id']} ({v['help']}): " + "; ".join(n["target"] for n in v["nodes"][:5])
        for v in violations
    )


def overflow(page):
    return page.evaluate(OVERFLOW_JS)


def widest_elements(page):
    return page.evaluate(WIDEST_ELEMENTS_JS)


# Lazy images load only when scrolled near; a full-page screenshot does not scroll.
LOAD_LAZY_IMAGES_JS = """async () => {
  for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = "eager";
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
}"""


def load_lazy_images(page):
    page.evaluate(LOAD_LAZY_IMAGES_JS)
