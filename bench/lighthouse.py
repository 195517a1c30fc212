"""Lighthouse accessibility and best-practices scores of the main pages, desktop and mobile.

Target (issue 16): ≥ 95 each on the landing page, the configurator (a started conversation), the
dashboard and an assistant's page. The server runs in this process on SQLite with the embedded
Vapi sandbox; an owner signs up and creates an assistant over HTTP, and Lighthouse (the npm
package, `npm ci` installs it) drives Debian's Chromium headless, offline, with the owner's
session cookie for the signed-in pages. Prints each score, and the audits that lost points.

Usage: .venv/bin/python bench/lighthouse.py [--pages landing,dashboard] [--form-factors mobile]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _common import served_app  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

#: Lighthouse is fetched from the npm registry into npm's cache on the first run (`npm exec`),
#: pinned here rather than in package.json: one of its dependencies asks for another package's
#: « latest » tag, which would break `npm ci` of the project each time that package is
#: published again.
LIGHTHOUSE_PACKAGE = "lighthouse@12.8.2"
LIGHTHOUSE = ["npm", "exec", "--yes", f"--package={LIGHTHOUSE_PACKAGE}", "--", "lighthouse"]
CATEGORIES = ("accessibility", "best-practices")
FORM_FACTORS = ("desktop", "mobile")
TARGET = 95
HEADLESS_ARGS = [a for a in CHROMIUM_ARGS if a != "--headless"]
SESSION_COOKIE = "allokoli_session"
PIZZERIA = (
    "Pizzeria Da Marco à Lyon 3e, ouvert du mardi au dimanche de 11h30 à 14h et de 18h30 à "
    "22h30, fermé le lundi, on prend les réservations"
)


def _csrf(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    page.raise_for_status()
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def _post(client: httpx.Client, path: str, form_page: str, data: dict[str, str]) -> str:
    """Submit a form as the browser would; the path it redirects to."""
    answer = client.post(path, data={"csrf_token": _csrf(client, form_page), **data})
    assert answer.status_code == 303, (path, answer.status_code, answer.text[:500])
    return answer.headers["location"]


def owner_pages(base: str) -> tuple[dict[str, tuple[str, bool]], str]:
    """The pages to audit ({name: (path, signed in)}) and the owner's session cookie."""
    with httpx.Client(base_url=base, timeout=120) as client:
        _post(
            client,
            "/signup",
            "/signup",
            {
                "organization_name": "Pizzeria Da Marco",
                "email": "marco@exemple.fr",
                "password": "motdepasse-solide",
                "consent": "1",
            },
        )
        assistant = _post(client, "/assistants", "/assistants/new", {"text": PIZZERIA})
        conversation = _post(client, "/configurator", "/configurator", {})
        cookie = client.cookies[SESSION_COOKIE]
    pages = {
        "landing": ("/", False),
        "configurator": (conversation, True),
        "dashboard": ("/dashboard", True),
        "assistant": (assistant, True),
        # not in the target, audited on demand (--pages fiche,versions,test)
        "fiche": (f"{assistant}/fiche", True),
        "versions": (f"{assistant}/versions", True),
        "test": (f"{assistant}/test", True),
    }
    return pages, cookie


def lighthouse(url: str, form_factor: str, cookie: str | None, out: Path) -> dict[str, Any]:
    """One Lighthouse run; its JSON report."""
    command = [
        *LIGHTHOUSE,
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--chrome-flags={' '.join([*HEADLESS_ARGS, '--headless=new'])}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    if cookie is not None:
        command.append(f"--extra-headers={json.dumps({'Cookie': f'{SESSION_COOKIE}={cookie}'})}")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)
    report: dict[str, Any] = json.loads(out.read_text())
    shown = report.get("finalDisplayedUrl") or report.get("finalUrl")
    if shown != url:  # e.g. sent to the log-in page: that page would be scored instead
        raise RuntimeError(f"Lighthouse audited {shown}, not {url}")
    return report


def lost_points(report: dict[str, Any], category: str) -> list[str]:
    """The audits of `category` that failed, weighted first."""
    audits = report["audits"]
    refs = report["categories"][category]["auditRefs"]
    failed = [r for r in refs if r["weight"] > 0 and (audits[r["id"]].get("score") or 0) < 1]
    failed = [r for r in failed if audits[r["id"]].get("scoreDisplayMode") != "notApplicable"]
    return [
        f"{r['id']} (weight {r['weight']}): {audits[r['id']]['title']}"
        for r in sorted(failed, key=lambda r: -r["weight"])
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default="landing,configurator,dashboard,assistant")
    parser.add_argument("--form-factors", default=",".join(FORM_FACTORS))
    args = parser.parse_args()
    if shutil.which("npm") is None:
        sys.exit("npm is needed: Lighthouse is run with `npm exec` from the npm registry.")
    chosen = args.pages.split(",")
    factors = args.form_factors.split(",")

    with (
        tempfile.TemporaryDirectory(prefix="allokoli-lighthouse-") as tmp,
        served_app(tmp, "lighthouse") as base,
    ):
        pages, cookie = owner_pages(base)
        below: list[str] = []
        print(f"{'page':<13} {'form factor':<12} {'accessibility':>13} {'best practices':>15}")
        for name in chosen:
            path, signed_in = pages[name]
            for factor in factors:
                out = Path(tmp) / f"{name}-{factor}.json"
                report = lighthouse(base + path, factor, cookie if signed_in else None, out)
                scores = {
                    c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES
                }
                print(
                    f"{name:<13} {factor:<12} {scores['accessibility']:>13} "
                    f"{scores['best-practices']:>15}"
                )
                for category, score in scores.items():
                    if score < TARGET:
                        below.append(f"{name} {factor} {category} {score}")
                    for line in lost_points(report, category):
                        print(f"    {category}: {line}")
        print(f"target ≥ {TARGET} each: " + ("met" if not below else f"missed: {below}"))


if __name__ == "__main__":
    main()
