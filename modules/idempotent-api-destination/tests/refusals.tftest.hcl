# What AWS would refuse (or silently get wrong) after a deploy, refused by the module
# at plan time with its own message, before the provider or AWS sees a value.
# Secrets are checked by preconditions, whose failures show no value.

mock_provider "aws" {}

variables {
  name_prefix              = "orders"
  endpoint                 = "https://api.example.com/orders"
  api_key_name             = "x-api-key"
  connection_api_key_value = "test-key-value"
}

run "plain_oauth_is_refused_with_what_to_add" {
  command = plan
  variables {
    authorization_type             = "OAUTH_CLIENT_CREDENTIALS"
    api_key_name                   = null
    oauth_authorization_endpoint   = "https://auth.example.com/token"
    oauth_client_id                = "client"
    connection_oauth_client_secret = "test-client-secret"
  }
  expect_failures = [var.authorization_type]
}

run "a_destinations_plain_oauth_is_refused" {
  command = plan
  variables {
    destinations = {
      crm = {
        endpoint                     = "https://crm.example.com/in"
        authorization_type           = "OAUTH_CLIENT_CREDENTIALS"
        oauth_authorization_endpoint = "https://auth.example.com/token"
        oauth_client_id              = "crm"
      }
    }
  }
  expect_failures = [var.destinations]
}

run "an_api_key_value_with_a_line_break_is_refused" {
  command = plan
  variables {
    connection_api_key_value = "test-key-value\n"
  }
  expect_failures = [aws_cloudwatch_event_connection.this]
}

run "a_basic_password_with_a_colon_is_refused" {
  command = plan
  variables {
    authorization_type        = "BASIC"
    api_key_name              = null
    basic_username            = "svc"
    connection_basic_password = "pass:word"
  }
  expect_failures = [aws_cloudwatch_event_connection.this]
}

run "a_basic_user_name_with_a_colon_is_refused" {
  command = plan
  variables {
    authorization_type        = "BASIC"
    api_key_name              = null
    basic_username            = "svc:admin"
    connection_basic_password = "password"
  }
  expect_failures = [var.basic_username]
}

run "an_oauth_client_id_with_a_control_character_is_refused" {
  command = plan
  variables {
    authorization_type             = "OAUTH_CLIENT_CREDENTIALS"
    api_key_name                   = null
    oauth_authorization_endpoint   = "https://auth.example.com/token"
    oauth_client_id                = "client\t\u0007"
    oauth_body_parameters          = { scope = "events.write" }
    connection_oauth_client_secret = "test-client-secret"
  }
  expect_failures = [var.oauth_client_id]
}

run "a_header_value_beyond_ascii_is_refused" {
  command = plan
  variables {
    invocation_parameters = [{ location = "header", key = "X-City", value = "Zürich" }]
  }
  expect_failures = [var.invocation_parameters]
}

run "an_empty_header_value_is_refused" {
  command = plan
  variables {
    invocation_parameters = [{ location = "header", key = "X-Tenant", value = "" }]
  }
  expect_failures = [var.invocation_parameters]
}

run "an_empty_target_header_value_is_refused" {
  command = plan
  variables {
    header_parameters = { "X-Tenant" = "" }
  }
  expect_failures = [var.header_parameters]
}

run "a_secret_header_value_beyond_ascii_is_refused" {
  command = plan
  variables {
    invocation_parameters         = [{ location = "header", key = "X-Signing-Key", secret = true }]
    connection_invocation_secrets = { "X-Signing-Key" = "Zürich" }
  }
  expect_failures = [aws_cloudwatch_event_connection.this]
}

run "tag_keys_that_differ_only_in_case_are_refused" {
  command = plan
  variables {
    tags = { Team = "a", team = "b" }
  }
  expect_failures = [var.tags]
}

run "an_aws_managed_key_is_refused" {
  command = plan
  variables {
    kms_key_arn = "alias/aws/sqs"
  }
  expect_failures = [var.kms_key_arn]
}

run "an_aws_managed_key_by_alias_arn_is_refused" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/aws/events"
  }
  expect_failures = [var.kms_key_arn]
}

run "a_destination_without_an_endpoint_is_refused" {
  command = plan
  variables {
    destinations = { billing = { endpoint = null } }
  }
  expect_failures = [var.destinations]
}

run "a_null_endpoint_is_refused" {
  command = plan
  variables {
    endpoint = null
  }
  expect_failures = [var.endpoint]
}

run "a_null_inside_a_map_is_refused" {
  command = plan
  variables {
    header_parameters = { "X-Tenant" = null }
  }
  expect_failures = [var.header_parameters]
}

run "a_null_inside_a_list_is_refused" {
  command = plan
  variables {
    alarm_emails = [null]
  }
  expect_failures = [var.alarm_emails]
}

run "a_misspelt_destination_setting_is_refused" {
  command = plan
  variables {
    destinations = { billing = { endpoint = "https://billing.example.com/in", maximum_retry_atempts = 0 } }
  }
  expect_failures = [var.destinations]
}

run "destinations_as_a_list_are_refused" {
  command = plan
  variables {
    destinations = [{ endpoint = "https://billing.example.com/in" }]
  }
  expect_failures = [var.destinations]
}

run "a_destination_setting_of_the_wrong_kind_is_refused" {
  command = plan
  variables {
    destinations = {
      billing = { endpoint = "https://billing.example.com/in", path_parameter_values = { a = "b" } }
    }
  }
  expect_failures = [var.destinations]
}

run "a_destination_pattern_that_is_not_an_object_is_refused" {
  command = plan
  variables {
    destinations = { billing = { endpoint = "https://billing.example.com/in", event_pattern = ["orders"] } }
  }
  expect_failures = [var.destinations]
}

run "another_connections_setting_on_the_main_connection_is_refused" {
  command = plan
  variables {
    destinations = {
      billing = { endpoint = "https://billing.example.com/in", oauth_client_id = "ignored" }
    }
  }
  expect_failures = [var.destinations]
}

run "invocation_parameters_on_the_main_connection_are_refused" {
  command = plan
  variables {
    destinations = {
      billing = {
        endpoint              = "https://billing.example.com/in"
        invocation_parameters = [{ location = "header", key = "X-A", value = "b" }]
      }
    }
  }
  expect_failures = [var.destinations]
}

run "names_too_long_together_are_refused_by_the_module_first" {
  command = plan
  variables {
    name_prefix  = "a-prefix-of-forty-characters-0123456789"
    destinations = { "twenty-characters-01" = { endpoint = "https://b.example.com/in" } }
  }
  expect_failures = [var.destinations]
}

run "more_path_values_than_wildcards_are_refused" {
  command = plan
  variables {
    path_parameter_values = ["a"]
  }
  expect_failures = [var.path_parameter_values]
}

run "an_alarm_window_over_a_day_is_refused" {
  command = plan
  variables {
    alarm_period             = 3600
    alarm_evaluation_periods = 25
  }
  expect_failures = [var.alarm_evaluation_periods]
}

run "an_alarm_period_cloudwatch_refuses_is_refused" {
  command = plan
  variables {
    alarm_period = 90
  }
  expect_failures = [var.alarm_period]
}

run "a_rule_state_without_a_rule_of_its_own_is_refused" {
  command = plan
  variables {
    destinations = {
      billing = { endpoint = "https://billing.example.com/in", rule_state = "DISABLED" }
    }
  }
  expect_failures = [var.destinations]
}

run "a_role_path_iam_refuses_is_refused" {
  command = plan
  variables {
    role_path = "service-role"
  }
  expect_failures = [var.role_path]
}

run "a_fifo_dead_letter_queue_is_refused" {
  command = plan
  variables {
    dlq_arn = "arn:aws:sqs:eu-west-1:123456789012:orders.fifo"
  }
  expect_failures = [var.dlq_arn]
}

run "a_retention_for_a_given_queue_is_refused" {
  command = plan
  variables {
    dlq_arn                       = "arn:aws:sqs:eu-west-1:123456789012:shared-dlq"
    dlq_message_retention_seconds = 86400
  }
  expect_failures = [var.dlq_message_retention_seconds]
}

run "an_existing_bus_needs_its_name" {
  command = plan
  variables {
    create_bus = false
  }
  expect_failures = [var.event_bus_name]
}

run "a_created_bus_may_not_be_the_default_one" {
  command = plan
  variables {
    event_bus_name = "default"
  }
  expect_failures = [var.event_bus_name]
}

run "a_created_key_and_a_given_one_are_refused_together" {
  command = plan
  variables {
    create_kms_key = true
    kms_key_arn    = "alias/orders"
  }
  expect_failures = [var.kms_key_arn]
}

run "emails_without_a_created_topic_are_refused" {
  command = plan
  variables {
    alarm_emails    = ["ops@example.com"]
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:ops"
  }
  expect_failures = [var.alarm_emails]
}

run "an_auth_header_that_is_the_idempotency_header_is_refused" {
  command = plan
  variables {
    api_key_name = "idempotency-key"
  }
  expect_failures = [aws_cloudwatch_event_target.this]
}

run "a_further_header_that_is_the_idempotency_header_is_refused" {
  command = plan
  variables {
    header_parameters = { "IDEMPOTENCY-KEY" = "$.id" }
  }
  expect_failures = [aws_cloudwatch_event_target.this]
}

run "a_connection_header_that_is_the_idempotency_header_is_refused" {
  command = plan
  variables {
    invocation_parameters = [{ location = "header", key = "Idempotency-Key", value = "fixed" }]
  }
  expect_failures = [aws_cloudwatch_event_target.this]
}

run "input_paths_without_a_template_are_refused" {
  command = plan
  variables {
    input_paths = { id = "$.detail.id" }
  }
  expect_failures = [aws_cloudwatch_event_target.this]
}
