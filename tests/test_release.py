"""One version, written once (pyproject.toml), that everything a caller pins follows."""

from __future__ import annotations

import re

from conftest import ROOT
from stacks.publish import module_source, version

VERSION = version()


def test_the_version_is_semver():
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION), VERSION


def test_every_ref_in_the_readmes_is_the_version():
    for page in (ROOT / "README.md", ROOT / "modules" / "idempotent-api-destination" / "README.md"):
        refs = set(re.findall(r"\?ref=v([0-9][^\s\"`]*)", page.read_text(encoding="utf-8")))
        assert refs == {VERSION}, (page.name, refs)
    assert module_source().endswith(f"?ref=v{VERSION}")


def test_the_changelogs_newest_section_is_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", changelog, re.M)
    assert re.fullmatch(
        rf"{re.escape(VERSION)} \((unreleased|\d{{4}}-\d{{2}}-\d{{2}})\)", sections[0]
    )
    older = [s.split()[0] for s in sections[1:]]
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in older), older
