"""The README's reference is generated from the code, and is current."""

from __future__ import annotations

from conftest import ROOT, load_script


def load_generator():
    return load_script("readme_reference")


def test_the_readme_reference_matches_the_code():
    generator = load_generator()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = generator.replace_generated(
        readme, generator.render(generator.default_module_json())
    )
    assert readme == expected, "README.md is stale: run python scripts/readme_reference.py"


def test_the_reference_lists_every_setting_variable_and_output():
    generator = load_generator()
    generated = generator.render(generator.default_module_json())
    for name in ("`maximum_retry_attempts`", "`connection_api_key_value`", "`dlq_arn`", "`busArn`"):
        assert name in generated
