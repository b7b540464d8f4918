"""The offline app's strings: every key its JavaScript asks for is given to the page, in Czech too."""

import json
import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

from offline.strings import BAR, PAGE

SOURCES = Path(__file__).resolve().parents[2] / "offline" / "src"
# t("…") with a literal key (not the `.get("…")` or `request("…")` that end in a t).
CALL = re.compile(r"(?<![\w.])t\(\"((?:[^\"\\]|\\.)*)\"")


def keys_used() -> set[str]:
    keys = set()
    for source in SOURCES.glob("*.js"):
        keys |= {json.loads(f'"{key}"') for key in CALL.findall(source.read_text(encoding="utf-8"))}
    return keys


def test_every_key_of_the_javascript_is_given_to_the_page():
    used = keys_used()
    assert len(used) > 50
    assert used - set(BAR) - set(PAGE) == set()


def test_the_strings_are_given_in_czech_as_json_the_csp_allows():
    with translation.override("cs"):
        rendered = Template('{% load offline %}{% offline_strings "bar" %}{% offline_strings "page" %}').render(
            Context()
        )
    bar = re.search(r'<script id="offline-strings" type="application/json">(.*?)</script>', rendered, re.S)
    page = re.search(r'<script id="offline-strings-page" type="application/json">(.*?)</script>', rendered, re.S)
    assert json.loads(bar.group(1))["Send now"] == "Odeslat hned"
    assert json.loads(page.group(1))["Save on the tablet"] == "Uložit na tablet"
    assert set(json.loads(page.group(1))) == set(PAGE)
