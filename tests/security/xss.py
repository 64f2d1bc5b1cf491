"""Hostile input: the payload corpus, a detector of executable markup, admin form filling.

`executable_markup(html)` lists what in a page (or a stored fragment) could run script:
a <script> the portal did not write (no CSP nonce and not a file of this site), an inline event
handler, a javascript:/vbscript:/data: URL where a URL is followed, srcdoc, elements
that load active content (iframe without an https source, object, embed, base, a meta
refresh, SMIL animations that can rewrite attributes), CSS expressions. It parses with
lxml, which is close to but not the browser's parser: the browser test
(tests/browser/test_security_xss.py) opens the same pages in Chromium.
"""

import re
from pathlib import Path

import lxml.html

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text("utf-8").splitlines()
    if line.strip()
]

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "background",
    "poster",
    "code",
    "codebase",
    "cite",
    "srcset",
    "url",
    "dynsrc",
    "lowsrc",
}
ACTIVE_ELEMENTS = {"object", "embed", "applet", "base", "frame", "frameset", "animate", "set"}
SAFE_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.I)
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.I)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _dangerous_url(value):
    # Browsers drop control characters and whitespace inside a scheme ("java\tscript:").
    for candidate in value.split(","):
        folded = INVISIBLE.sub("", candidate)
        if DANGEROUS_SCHEME.match(folded) and not SAFE_DATA_URL.match(folded):
            return True
    return False


# For stored fragments (sanitized rich text), where text is stored escaped: a literal tag
# or handler in the string is markup, whatever a lenient parser makes of it.
RAW_TAG = re.compile(
    r"<\s*/?\s*(script|style|iframe|frame|object|embed|applet|base|meta|link|svg|math|body|"
    r"html|form|input|button|select|textarea|template|noscript|xmp|plaintext|isindex|keygen)\b",
    re.I,
)
RAW_OPEN_TAG = re.compile(r"<[a-z][^>]*>?", re.I)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
RAW_HANDLER = re.compile(r"[\s/\"'`]on[a-z]+\s*=", re.I)
RAW_URL = re.compile(r"=\s*[\"'`]?\s*(javascript|vbscript|data|livescript)\s*:", re.I)


def _raw_findings(html):
    found = [f"raw {m.group(0)!r}" for m in RAW_TAG.finditer(html)]
    for tag in RAW_OPEN_TAG.finditer(html):
        # A handler counts outside quoted values; a script URL as any value.
        if RAW_HANDLER.search(QUOTED.sub('""', tag.group(0))) or RAW_URL.search(tag.group(0)):
            found.append(f"raw {tag.group(0)[:80]!r}")
    return found


def executable_markup(html, nonce=None, fragment=False):
    """A list of findings (empty when nothing in `html` can run script).

    `fragment=True` for stored rich text: the raw string is searched for tags, handlers
    and script URLs too, so that a parser's leniency cannot hide one.
    """
    if not html or not html.strip():
        return []
    if fragment:
        raw = _raw_findings(html)
        if raw:
            return raw
    root = lxml.html.fromstring(html) if "<html" in html[:500].lower() else None
    if root is None:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    findings = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rsplit("}", 1)[-1]
        attrs = {name.lower(): value for name, value in element.attrib.items()}
        if tag == "script":
            src = attrs.get("src", "")
            same_origin = src.startswith("/") and not src.startswith("//")
            ours = (nonce and attrs.get("nonce") == nonce) or same_origin
            data_only = attrs.get("type", "").lower() in {"application/json", "application/ld+json"}
            if not (ours or data_only):
                findings.append(f"<script>: {lxml.html.tostring(element)[:120]!r}")
        if tag == "style" and not (nonce and attrs.get("nonce") == nonce):
            findings.append("<style> without the nonce")
        if tag in ACTIVE_ELEMENTS:
            findings.append(f"<{tag}>")
        if tag == "iframe" and not attrs.get("src", "").startswith("https://"):
            findings.append("<iframe> without an https source")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            findings.append("<meta http-equiv=refresh>")
        if tag == "link" and attrs.get("rel", "").lower() == "import":
            findings.append("<link rel=import>")
        for name, value in attrs.items():
            if name.startswith("on"):
                findings.append(f"<{tag} {name}=…>")
            elif name == "srcdoc":
                findings.append(f"<{tag} srcdoc>")
            elif name in URL_ATTRIBUTES and _dangerous_url(value):
                findings.append(f"<{tag} {name}={value[:60]!r}>")
            elif name == "style" and re.search(r"expression\s*\(|javascript:", value, re.I):
                findings.append(f"<{tag} style={value[:60]!r}>")
    return findings


def csp_nonce(response):
    match = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def assert_no_executable_markup(response_or_html, where=""):
    if isinstance(response_or_html, str):
        html, nonce, fragment = response_or_html, None, True
    else:
        html, nonce = response_or_html.content.decode(), csp_nonce(response_or_html)
        fragment = False
    findings = executable_markup(html, nonce, fragment=fragment)
    assert not findings, f"{where}: {findings[:10]}"


def chunks(items, limit, sep=" "):
    """Join `items` into strings of at most `limit` characters (each item whole)."""
    out, current = [], ""
    for item in items:
        item = item[:limit]
        candidate = f"{current}{sep}{item}" if current else item
        if len(candidate) > limit:
            out.append(current)
            current = item
        else:
            current = candidate
    if current:
        out.append(current)
    return out


def admin_form_data(client, url):
    """The data the admin's main form at `url` would send as it stands (inlines included)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    root = lxml.html.fromstring(response.content.decode())
    forms = [f for f in root.forms if (f.get("id") or "").endswith("_form")]
    assert forms, f"no admin form at {url}"
    data = {}
    for element in forms[0].inputs:
        name = element.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio"):
                if element.checked:
                    data.setdefault(name, []).append(element.get("value") or "on")
                continue
            data[name] = element.value or ""
        elif element.tag == "select":
            chosen = [o.get("value") for o in element.iter("option") if o.get("selected")]
            if chosen:
                data[name] = chosen if element.multiple else chosen[0]
        elif element.tag == "textarea":
            data[name] = element.text or ""
    return data
