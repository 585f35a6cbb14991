# Each input's own validation, on a value AWS would refuse (or that would do nothing):
# the inputs refusals.tftest.hcl and shapes.tftest.hcl do not already refuse. The
# values come from tests/test_terraform.py, where Terraform and Python agree on them;
# tests/test_module_tests.py fails while an input with a validation has no run here.

mock_provider "aws" {}

variables {
  name_prefix              = "orders"
  endpoint                 = "https://api.example.com/orders"
  api_key_name             = "x-api-key"
  connection_api_key_value = "test-key-value"
}

run "alarm_actions_refuses_a_value_aws_would" {
  command = plan
  variables {
    alarm_actions = ["arn:aws:sns:us-east-1:1234:ops"]
  }
  expect_failures = [var.alarm_actions]
}

run "alarm_dlq_threshold_refuses_a_value_aws_would" {
  command = plan
  variables {
    alarm_dlq_threshold = -1
  }
  expect_failures = [var.alarm_dlq_threshold]
}

run "alarm_failed_invocations_threshold_refuses_a_value_aws_would" {
  command = plan
  variables {
    alarm_failed_invocations_threshold = -2
  }
  expect_failures = [var.alarm_failed_invocations_threshold]
}

run "alarm_topic_arn_refuses_a_value_aws_would" {
  command = plan
  variables {
    alarm_topic_arn = "ops"
  }
  expect_failures = [var.alarm_topic_arn]
}

run "api_key_name_refuses_a_value_aws_would" {
  command = plan
  variables {
    api_key_name = "Host"
  }
  expect_failures = [var.api_key_name]
}

run "archive_event_pattern_refuses_a_value_aws_would" {
  command = plan
  variables {
    archive_event_pattern = { source = "a" }
  }
  expect_failures = [var.archive_event_pattern]
}

run "archive_retention_days_refuses_a_value_aws_would" {
  command = plan
  variables {
    archive_retention_days = -1
  }
  expect_failures = [var.archive_retention_days]
}

run "event_pattern_refuses_a_value_aws_would" {
  command = plan
  variables {
    event_pattern = { source = "a" }
  }
  expect_failures = [var.event_pattern]
}

run "http_method_refuses_a_value_aws_would" {
  command = plan
  variables {
    http_method = "TRACE"
  }
  expect_failures = [var.http_method]
}

run "idempotency_header_name_refuses_a_value_aws_would" {
  command = plan
  variables {
    idempotency_header_name = "content-length"
  }
  expect_failures = [var.idempotency_header_name]
}

run "idempotency_key_path_refuses_a_value_aws_would" {
  command = plan
  variables {
    idempotency_key_path = "detail.id"
  }
  expect_failures = [var.idempotency_key_path]
}

run "input_paths_refuses_a_value_aws_would" {
  command = plan
  variables {
    input_paths = { "i d" = "$.id" }
  }
  expect_failures = [var.input_paths]
}

run "input_template_refuses_a_value_aws_would" {
  command = plan
  variables {
    input_template = ""
  }
  expect_failures = [var.input_template]
}

run "invocation_rate_limit_per_second_refuses_a_value_aws_would" {
  command = plan
  variables {
    invocation_rate_limit_per_second = 0
  }
  expect_failures = [var.invocation_rate_limit_per_second]
}

run "maximum_event_age_in_seconds_refuses_a_value_aws_would" {
  command = plan
  variables {
    maximum_event_age_in_seconds = 59
  }
  expect_failures = [var.maximum_event_age_in_seconds]
}

run "maximum_retry_attempts_refuses_a_value_aws_would" {
  command = plan
  variables {
    maximum_retry_attempts = -1
  }
  expect_failures = [var.maximum_retry_attempts]
}

run "name_prefix_refuses_a_value_aws_would" {
  command = plan
  variables {
    name_prefix = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  }
  expect_failures = [var.name_prefix]
}

run "oauth_authorization_endpoint_refuses_a_value_aws_would" {
  command = plan
  variables {
    oauth_authorization_endpoint = "http://a.example.com"
  }
  expect_failures = [var.oauth_authorization_endpoint]
}

run "oauth_body_parameters_refuses_a_value_aws_would" {
  command = plan
  variables {
    oauth_body_parameters = { client_secret = "x" }
  }
  expect_failures = [var.oauth_body_parameters]
}

run "oauth_header_parameters_refuses_a_value_aws_would" {
  command = plan
  variables {
    oauth_header_parameters = { "x tenant" = "a" }
  }
  expect_failures = [var.oauth_header_parameters]
}

run "oauth_http_method_refuses_a_value_aws_would" {
  command = plan
  variables {
    oauth_http_method = "DELETE"
  }
  expect_failures = [var.oauth_http_method]
}

run "oauth_query_parameters_refuses_a_value_aws_would" {
  command = plan
  variables {
    oauth_query_parameters = { refresh_token = "x" }
  }
  expect_failures = [var.oauth_query_parameters]
}

run "query_string_parameters_refuses_a_value_aws_would" {
  command = plan
  variables {
    query_string_parameters = { "" = "b" }
  }
  expect_failures = [var.query_string_parameters]
}

run "role_permissions_boundary_refuses_a_value_aws_would" {
  command = plan
  variables {
    role_permissions_boundary = "boundary"
  }
  expect_failures = [var.role_permissions_boundary]
}

run "rule_state_refuses_a_value_aws_would" {
  command = plan
  variables {
    rule_state = "enabled"
  }
  expect_failures = [var.rule_state]
}
