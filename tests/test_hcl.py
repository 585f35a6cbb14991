"""The published module is written as HCL (stacks/hcl.py): the same Terraform as the JSON
it is written from, laid out as `terraform fmt` lays it out."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT
from stacks import hcl

MODULE = ROOT / "modules" / "idempotent-api-destination"


def text(kind: str, labels: tuple[str, ...], body: dict, schema: str = "") -> str:
    return "\n".join(hcl.block(kind, labels, body, schema).lines())


def value(source: object, **kwargs: bool) -> str:
    return hcl.spaced(hcl.value_tokens(source, **kwargs))


def test_one_interpolation_becomes_its_expression_and_a_template_stays_a_template():
    assert value("${var.x}") == "var.x"
    assert value("${var.create ? 1 : 0}") == "var.create ? 1 : 0"
    assert value("${var.prefix}-bus") == '"${var.prefix}-bus"'
    assert value("plain") == '"plain"'
    assert value(["${local.a}", 3, True, None]) == "[local.a, 3, true, null]"


def test_literal_text_is_escaped_and_expressions_inside_templates_are_not():
    assert value('say "hi" \\ now\n') == '"say \\"hi\\" \\\\ now\\n"'
    assert value('${replace(var.x, "\\"", "")} "q"') == '"${replace(var.x, "\\"", "")} \\"q\\""'
    # An escaped template sequence stays escaped: it is text in both syntaxes.
    assert value("$${aws:username} %%{x}") == '"$${aws:username} %%{x}"'


def test_what_json_takes_literally_is_escaped_so_hcl_takes_it_literally_too():
    block = text("variable", ("v",), {"default": "${x}", "description": "a ${b} c"})
    assert 'default     = "$${x}"' in block
    assert 'description = "a $${b} c"' in block
    # In a resource the same text is a template.
    assert 'description = "a ${b} c"' in text("resource", ("t", "n"), {"description": "a ${b} c"})


def test_expressions_are_spaced_as_terraform_fmt_spaces_them():
    assert value("${{for k, v in x: k=>v if v!=null}}") == (
        "{ for k, v in x : k => v if v != null }"
    )
    assert value("${[for x in [1,2]: -x]}") == "[for x in [1, 2] : -x]"
    assert value("${!contains(keys(a)[0], b.c[*].d)}") == "!contains(keys(a)[0], b.c[*].d)"
    assert value("${a - 1}") == "a - 1"
    assert value("${merge(a...)}") == "merge(a...)"
    assert value("${{}}") == "{}"


def test_nested_blocks_come_from_the_provider_schema_and_maps_stay_attributes():
    body = {
        "for_each": "${local.names}",
        "tags": {"team": "payments", "cost:centre": "42"},
        "dead_letter_config": {"arn": "${local.dlq}"},
        "dynamic": {
            "input_transformer": {"for_each": "${[1]}", "content": {"input_template": "<id>"}}
        },
        "lifecycle": {"precondition": [{"condition": "${true}", "error_message": "no"}] * 2},
    }
    written = text(
        "resource", ("aws_cloudwatch_event_target", "this"), body, "aws_cloudwatch_event_target"
    )
    assert written.startswith(
        'resource "aws_cloudwatch_event_target" "this" {\n  for_each = local.names\n'
    )
    assert '  tags     = { team = "payments", "cost:centre" = "42" }\n' in written
    assert "\n  dead_letter_config {\n    arn = local.dlq\n  }\n" in written
    assert '\n  dynamic "input_transformer" {\n    for_each = [1]\n\n    content {\n' in written
    assert written.count("    precondition {\n") == 2
    assert written.index("dead_letter_config") < written.index("lifecycle")


def test_a_long_line_breaks_inside_its_widest_brackets_never_inside_an_index():
    long = (
        "${concat(var.first_list_of_things, var.second_list_of_things, [local.abc[each.key].arn])}"
    )
    assert text("locals", (), {"long_name_x": long}).splitlines() == [
        "locals {",
        "  long_name_x = concat(",
        "    var.first_list_of_things,",
        "    var.second_list_of_things,",
        "    [local.abc[each.key].arn],",
        "  )",
        "}",
    ]
    parenthesized = (
        "${var.a || (var.some_rather_long_setting_name && var.another_long_setting_name == 3"
        " && var.bcdef)}"
    )
    lines = text("locals", (), {"yy": parenthesized}).splitlines()
    assert lines[1] == "  yy = var.a || ("
    assert not lines[2].endswith(",")  # no trailing comma inside ( )


def test_consecutive_one_line_attributes_align_and_a_multi_line_one_ends_the_run():
    body = {
        "a": "1",
        "long_name": "2",
        "m": "${merge(" + ", ".join(["var.x"] * 20) + ")}",
        "b": "3",
    }
    lines = text("locals", (), body).splitlines()
    assert lines[1:3] == ['  a         = "1"', '  long_name = "2"']
    assert lines[3] == "  m = merge("
    assert lines[-2] == '  b = "3"'


def test_text_the_writer_cannot_read_is_refused_not_guessed():
    with pytest.raises(ValueError, match="unterminated"):
        hcl.value_tokens("${var.x")
    with pytest.raises(ValueError, match="directives"):
        hcl.value_tokens("%{ if true }x%{ endif }")


# --- With Terraform: fmt, the provider's schema, and values evaluated both ways.


@pytest.mark.slow
def test_the_published_module_is_as_terraform_fmt_writes_it(terraform):
    result = terraform.run(MODULE, "fmt", "-check", "-diff", "-recursive", check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_nested_block_table_is_the_provider_schema(terraform, tmp_path):
    (tmp_path / "main.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'
    )
    terraform.run(tmp_path, "init", "-backend=false")
    schema = json.loads(terraform.run(tmp_path, "providers", "schema", "-json").stdout)
    (provider,) = schema["provider_schemas"].values()

    def paths(block: dict, prefix: str = "") -> set[str]:
        found = set()
        for name, nested in block.get("block_types", {}).items():
            found |= {prefix + name} | paths(nested["block"], f"{prefix}{name}.")
        return found

    module_types = {
        line.split('"')[1]
        for path in MODULE.glob("*.tf")
        for line in path.read_text().splitlines()
        if line.startswith("resource ")
    }
    assert module_types >= set(hcl.NESTED_BLOCKS)
    for type_ in module_types:
        schema_blocks = paths(provider["resource_schemas"][type_]["block"])
        assert hcl.NESTED_BLOCKS.get(type_, frozenset()) == schema_blocks, type_


STRINGS = {
    "quoted": 'say "hi" \\ now\nand\ttab \u0001',
    "template": '${upper("a\\"b")}-${jsonencode({"k" = var.v})} and "quotes"',
    "escaped": "$${not.a.reference} %%{not.a.directive}",
    "nested": '${[for s in ["x", "${var.v}-y"] : s]}',
    "object": {"plain": "a", "needs-quotes": "${var.v}", "for": [1, 2.5, True, None]},
}


@pytest.mark.slow
def test_every_kind_of_string_means_the_same_in_hcl_as_in_json(terraform, tmp_path):
    """Outputs of awkward strings, planned from JSON and from the HCL written from it."""
    tf = {
        "variable": {"v": {"default": '${literal} "v"', "description": "d ${x}"}},
        "output": {name: {"value": source} for name, source in STRINGS.items()},
    }
    planned = {}
    for flavour in ("json", "hcl"):
        folder = tmp_path / flavour
        folder.mkdir()
        if flavour == "json":
            (folder / "main.tf.json").write_text(json.dumps(tf))
        else:
            blocks = [hcl.block("variable", ("v",), tf["variable"]["v"])]
            blocks += [hcl.block("output", (n,), o) for n, o in tf["output"].items()]
            (folder / "main.tf").write_text("\n".join("\n".join(b.lines()) for b in blocks) + "\n")
            assert terraform.run(folder, "fmt", "-check", check=False).returncode == 0
        terraform.run(folder, "plan", "-out=values.plan")
        shown = json.loads(terraform.run(folder, "show", "-json", "values.plan").stdout)
        planned[flavour] = {n: o["after"] for n, o in shown["output_changes"].items()}
    assert planned["hcl"] == planned["json"]
    assert planned["json"]["escaped"] == "${not.a.reference} %{not.a.directive}"
    assert planned["json"]["nested"] == ["x", '${literal} "v"-y']
    shutil.rmtree(tmp_path)


def test_a_long_chain_of_conditions_breaks_one_to_a_line_only_where_newlines_are_ignored():
    chain = " && ".join(f"length(var.setting_number_{i}) > 0" for i in range(4))
    lines = text("locals", (), {"inside": "${try(" + chain + ", false)}"}).splitlines()
    assert lines[2:6] == [
        "    length(var.setting_number_0) > 0",
        "    && length(var.setting_number_1) > 0",
        "    && length(var.setting_number_2) > 0",
        "    && length(var.setting_number_3) > 0,",
    ]
    # As an attribute's whole value a newline would end it: the line stays long.
    assert len(text("locals", (), {"outside": "${" + chain + "}"}).splitlines()) == 3
