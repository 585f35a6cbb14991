"""scripts/verify_delivery.py without AWS: where it finds its targets, what it advises,
and that bad arguments end in one line, not a traceback. Its verdicts against an AWS
API are in test_delivery.py."""

from __future__ import annotations

import json

import pytest

from conftest import load_script

verify = load_script("verify_delivery")

STACK_OUTPUTS = {
    "busName": {"value": "orders-bus", "type": "string", "sensitive": False},
    "ruleNames": {"value": {"main": "orders-rule", "audit": "orders-audit-rule"}},
    "dlqUrl": {"value": "https://sqs.us-east-1.amazonaws.com/1/orders-dlq"},
}
MODULE_OUTPUTS = {
    "eventbridge_bus_name": "orders-bus",
    "eventbridge_rule_names": {"main": "orders-rule"},
    "dlq_url": "https://sqs.us-east-1.amazonaws.com/1/orders-dlq",
}
NOTHING_GIVEN = {"bus": None, "rule": None, "queue_url": None}


def test_targets_come_from_the_stacks_or_the_modules_output_names():
    stack = verify.targets(verify.unwrap(STACK_OUTPUTS), "main", NOTHING_GIVEN)
    module = verify.targets(verify.unwrap(MODULE_OUTPUTS), "main", NOTHING_GIVEN)
    assert (
        stack
        == module
        == verify.Targets(
            "orders-bus", "orders-rule", "https://sqs.us-east-1.amazonaws.com/1/orders-dlq"
        )
    )


def test_a_destination_is_checked_on_its_own_rule_else_on_the_main_one():
    outputs = verify.unwrap(STACK_OUTPUTS)
    assert verify.targets(outputs, "audit", NOTHING_GIVEN).rule == "orders-audit-rule"
    assert verify.targets(outputs, "billing", NOTHING_GIVEN).rule == "orders-rule"


def test_given_names_win_and_missing_ones_are_named():
    given = {**NOTHING_GIVEN, "rule": "other-rule"}
    assert verify.targets(verify.unwrap(STACK_OUTPUTS), "main", given).rule == "other-rule"
    with pytest.raises(verify.CheckError, match=r"no bus, queue_url .*--bus/--queue-url"):
        verify.targets({"ruleNames": {"main": "r"}}, "main", NOTHING_GIVEN)


@pytest.mark.parametrize(
    ("message", "advised"),
    [
        ("the endpoint responded with status code 401.", "connection's secret"),
        ("returned 403 Forbidden", "connection's secret"),
        ("status code 404", "check `endpoint`"),
        ("status code 400", "input template"),
        ("status code 503", "failed on every retry"),
        ("status code 429", "invocation_rate_limit_per_second"),
        ("Connection refused", "reachable from the internet"),
    ],
)
def test_advice_follows_the_status_code(message, advised):
    assert advised in verify.advice(message)


def test_the_canary_takes_the_patterns_first_plain_source():
    assert verify.source_for({"source": [{"prefix": "x"}, "orders.app"]}) == "orders.app"
    assert verify.source_for({"account": ["123456789012"]}) == verify.DEFAULT_SOURCE


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("not json", "outputs.json is not JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"busName": {"value": "b"}}), "no rule, queue_url in the outputs"),
    ],
)
def test_bad_outputs_end_in_one_line_and_status_2(tmp_path, capsys, text, said):
    outputs = tmp_path / "outputs.json"
    outputs.write_text(text)
    assert verify.main(["--outputs", str(outputs)]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_missing_outputs_file_is_named(tmp_path, capsys):
    assert verify.main(["--outputs", str(tmp_path / "none.json")]) == 2
    assert "none.json" in capsys.readouterr().err


def test_a_folder_with_nothing_deployed_says_what_to_do(tmp_path, capsys):
    assert verify.main(["--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "pass --dir with the deployed stack" in err or "terraform is not on PATH" in err
    assert "Traceback" not in err
