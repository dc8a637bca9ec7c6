"""The front end as a phone downloads it: bytes of CSS and JavaScript, web fonts, and
Lighthouse.

- **Bytes**: the article page is fetched, then every stylesheet and script it links, with
  ``Accept-Encoding: gzip`` from the collected (fingerprinted, compressed) static files, as
  production serves them; the figure is the sum of the bodies as transferred. Target:
  at most 30 KB.
- **Web fonts**: every ``@font-face`` in those stylesheets, and any font linked from the
  page, counts as render-blocking unless it declares ``font-display: swap``, ``optional``
  or ``fallback``. Target: none.
- **Lighthouse** 12.2.3 (npm, ``bench/lighthouse``, installed by ``make bench``) with its
  mobile defaults, headless Chromium (``/usr/bin/chromium``), against gunicorn (bench.load)
  serving the bench database: the home page, the article page and the first step of the
  care-move survey. Targets: performance at least 95 and accessibility 100 on each.
  The scores move a few points between runs on a busy machine; the table shows this run's.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BYTES_TARGET = 30 * 1024
FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.IGNORECASE)
NON_BLOCKING_DISPLAY = re.compile(r"font-display\s*:\s*(swap|optional|fallback)", re.IGNORECASE)


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def assets(path: str) -> tuple[int, int, int, list[str]]:
    """(bytes transferred, bytes uncompressed, render-blocking fonts, files) for the CSS and
    JS the page at ``path`` links."""
    client = Client()
    page = client.get(path).content.decode()
    urls = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', page)
    urls += re.findall(r'<script[^>]+src="([^"]+)"', page)
    fonts = len(re.findall(r'<link[^>]+(?:as="font"|fonts\.googleapis)', page))
    transferred = uncompressed = 0
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")
        body = _body(response)
        transferred += len(body)
        plain = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
        uncompressed += len(plain)
        if url.split("?")[0].endswith(".css"):
            text = plain.decode("utf-8", "replace")
            fonts += sum(1 for face in FONT_FACE.findall(text) if not NON_BLOCKING_DISPLAY.search(face))
    return transferred, uncompressed, fonts, urls


def assets_row(path: str, *, result_class):
    transferred, uncompressed, fonts, urls = assets(path)
    return result_class(
        name="front end: article CSS + JS, gzipped",
        median_ms=None,
        p95_ms=None,
        baseline="none (bytes)",
        ratio=None,
        queries=None,
        target=f"<= {BYTES_TARGET // 1024} KB transferred, 0 render-blocking web fonts",
        met=transferred <= BYTES_TARGET and fonts == 0,
        value=round(transferred / 1024, 1),
        unit=f"KB ({uncompressed / 1024:.0f} KB uncompressed, {len(urls)} files, {fonts} blocking fonts)",
    )


def lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                "--quiet",
            ],
            env=dict(os.environ, CHROME_PATH=CHROME),
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )
        data = json.loads(report.read_text())
    categories = data["categories"]
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "lcp_ms": data["audits"]["largest-contentful-paint"]["numericValue"],
        "fcp_ms": data["audits"]["first-contentful-paint"]["numericValue"],
        "cls": data["audits"]["cumulative-layout-shift"]["numericValue"],
    }


def lighthouse_rows(base: str, pages: dict[str, str], *, result_class) -> tuple[list, str | None]:
    if not LIGHTHOUSE.exists() or not Path(CHROME).exists():
        return [], "lighthouse: skipped, run `make bench` (it installs Lighthouse and Chromium)"
    rows = []
    for name, path in pages.items():
        scores = lighthouse(base + path)
        rows.append(
            result_class(
                name=f"lighthouse: {name}",
                median_ms=None,
                p95_ms=None,
                baseline="none (scores)",
                ratio=None,
                queries=None,
                target="performance >= 95, accessibility 100 (mobile)",
                met=scores["performance"] >= 95 and scores["accessibility"] == 100,
                value=scores["performance"],
                unit=(
                    f"performance, {scores['accessibility']} accessibility "
                    f"(LCP {scores['lcp_ms']:.0f} ms, FCP {scores['fcp_ms']:.0f} ms, CLS {scores['cls']:.3f})"
                ),
            )
        )
    return rows, None
