# The module's shapes, planned against a mocked AWS provider (nothing is called):
# what each creates, and the attributes AWS acts on. `terraform test` in the module's
# folder runs this offline in seconds.

mock_provider "aws" {}

variables {
  name_prefix              = "orders"
  endpoint                 = "https://api.example.com/orders/*"
  api_key_name             = "x-api-key"
  connection_api_key_value = "test-key-value"
}

run "created_bus_alarms_watch_the_bus_and_the_rule" {
  command = plan

  assert {
    condition = aws_cloudwatch_metric_alarm.failed_invocations["main"].dimensions == tomap({
      EventBusName = "orders-bus"
      RuleName     = "orders-rule"
    })
    error_message = "A rule on a custom bus reports with EventBusName and RuleName."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_delivery_failures["main"].dimensions["EventBusName"] == "orders-bus"
    error_message = "The lost-events alarm watches the rule on its bus."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.failed_invocations["main"].namespace == "AWS/Events" && aws_cloudwatch_metric_alarm.dlq_delivery_failures["main"].metric_name == "InvocationsFailedToBeSentToDlq"
    error_message = "The rule alarms read EventBridge's metrics."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_not_empty[0].namespace == "AWS/SQS" && aws_cloudwatch_metric_alarm.dlq_not_empty[0].dimensions == tomap({ QueueName = "orders-dlq" })
    error_message = "The queue alarm reads the queue's depth by its name."
  }
}

run "default_bus_alarms_watch_the_rule_alone" {
  command = plan

  variables {
    create_bus     = false
    event_bus_name = "default"
    destinations = {
      audit = { endpoint = "https://audit.example.com/in", event_pattern = "{\"source\":[\"a\"]}" }
    }
  }

  assert {
    condition = alltrue([for k in ["main", "audit"] : aws_cloudwatch_metric_alarm.failed_invocations[k].dimensions == tomap({
      RuleName = k == "main" ? "orders-rule" : "orders-audit-rule"
    })])
    error_message = "Metrics with only the RuleName dimension are the default bus's (EventBridge user guide, monitoring)."
  }
  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.dlq_delivery_failures["audit"].dimensions) == tolist(["RuleName"])
    error_message = "The lost-events alarm on the default bus has RuleName alone."
  }
}

run "existing_custom_bus_alarms_name_the_bus" {
  command = plan

  variables {
    create_bus     = false
    event_bus_name = "shared-events"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.failed_invocations["main"].dimensions["EventBusName"] == "shared-events"
    error_message = "An existing custom bus is named in the alarms' dimensions."
  }
}

run "null_means_the_default" {
  command = plan

  variables {
    tags                          = null
    destinations                  = null
    create_alarms                 = null
    header_parameters             = null
    invocation_parameters         = null
    connection_invocation_secrets = null
    alarm_period                  = null
  }

  assert {
    condition     = length(aws_cloudwatch_event_rule.this) == 1 && aws_cloudwatch_metric_alarm.dlq_not_empty[0].period == 300
    error_message = "Null inputs plan as their defaults."
  }
}

run "new_inputs_keep_the_default_plan" {
  command = plan

  assert {
    condition     = aws_cloudwatch_event_rule.this["main"].state == "ENABLED"
    error_message = "Rules are enabled by default."
  }
  assert {
    condition     = aws_iam_role.invoke["main"].permissions_boundary == null
    error_message = "No permissions boundary by default."
  }
  assert {
    condition     = aws_cloudwatch_event_target.this["main"].http_target[0].path_parameter_values == null && aws_cloudwatch_event_target.this["main"].http_target[0].query_string_parameters == null
    error_message = "No path or query parameters by default."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.failed_invocations["main"].threshold == 0 && aws_cloudwatch_metric_alarm.failed_invocations["main"].evaluation_periods == 1
    error_message = "Alarms fire on the first failure in a period of 5 minutes by default."
  }
}

run "new_inputs_reach_their_resources" {
  command = plan

  variables {
    role_path                          = "/service-role/"
    role_permissions_boundary          = "arn:aws:iam::123456789012:policy/boundary"
    rule_state                         = "DISABLED"
    alarm_period                       = 60
    alarm_evaluation_periods           = 5
    alarm_dlq_threshold                = 10
    alarm_failed_invocations_threshold = 3
    path_parameter_values              = ["$.detail.orderId"]
    query_string_parameters            = { tenant = "$.detail.tenant", v = "2" }
    destinations = {
      audit = {
        endpoint                = "https://audit.example.com/in/*"
        event_pattern           = "{\"source\":[\"a\"]}"
        rule_state              = "DISABLED"
        path_parameter_values   = ["audit"]
        query_string_parameters = { from = "orders" }
      }
      billing = { endpoint = "https://billing.example.com/in" }
    }
  }

  assert {
    condition     = alltrue([for r in aws_iam_role.invoke : r.path == "/service-role/" && r.permissions_boundary == "arn:aws:iam::123456789012:policy/boundary"])
    error_message = "Every invoke role takes the path and the boundary."
  }
  assert {
    condition     = aws_cloudwatch_event_rule.this["main"].state == "DISABLED" && aws_cloudwatch_event_rule.this["audit"].state == "DISABLED"
    error_message = "Each rule takes its own state."
  }
  assert {
    condition     = aws_cloudwatch_event_target.this["main"].http_target[0].path_parameter_values == tolist(["$.detail.orderId"]) && aws_cloudwatch_event_target.this["audit"].http_target[0].query_string_parameters == tomap({ from = "orders" })
    error_message = "Path and query parameters reach each target."
  }
  assert {
    condition     = aws_cloudwatch_event_target.this["billing"].http_target[0].path_parameter_values == null
    error_message = "A destination without path parameters gets none."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_not_empty[0].threshold == 10 && aws_cloudwatch_metric_alarm.failed_invocations["audit"].threshold == 3 && aws_cloudwatch_metric_alarm.dlq_delivery_failures["audit"].threshold == 0
    error_message = "Each alarm takes its threshold; lost events always alarm."
  }
  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.failed_invocations : a.period == 60 && a.evaluation_periods == 5])
    error_message = "Every alarm takes the period and the evaluation periods."
  }
}

run "oauth_with_a_parameter_plans" {
  command = plan

  variables {
    authorization_type             = "OAUTH_CLIENT_CREDENTIALS"
    api_key_name                   = null
    oauth_authorization_endpoint   = "https://auth.example.com/token"
    oauth_client_id                = "client"
    oauth_body_parameters          = { scope = "events.write" }
    connection_oauth_client_secret = "test-client-secret"
  }

  assert {
    condition     = aws_cloudwatch_event_connection.this["main"].authorization_type == "OAUTH_CLIENT_CREDENTIALS"
    error_message = "An OAuth connection with a token parameter plans."
  }
}

run "an_existing_dead_letter_queue_takes_the_created_ones_place" {
  command = plan

  variables {
    dlq_arn = "arn:aws:sqs:eu-west-1:123456789012:shared-dlq"
  }

  assert {
    condition     = length(aws_sqs_queue.dlq) == 0 && length(aws_sqs_queue_policy.dlq) == 0
    error_message = "No queue and no queue policy are created for a given queue."
  }
  assert {
    condition     = aws_cloudwatch_event_target.this["main"].dead_letter_config[0].arn == "arn:aws:sqs:eu-west-1:123456789012:shared-dlq" && aws_cloudwatch_event_bus.this[0].dead_letter_config[0].arn == "arn:aws:sqs:eu-west-1:123456789012:shared-dlq"
    error_message = "The targets and the bus send what fails to the given queue."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_not_empty[0].dimensions == tomap({ QueueName = "shared-dlq" })
    error_message = "The depth alarm watches the given queue."
  }
  assert {
    condition     = output.dlq_arn == "arn:aws:sqs:eu-west-1:123456789012:shared-dlq" && endswith(output.dlq_url, "/123456789012/shared-dlq") && startswith(output.dlq_url, "https://sqs.eu-west-1.")
    error_message = "The outputs name the given queue and its URL."
  }
}

run "the_created_dead_letter_queue_is_kept_by_default" {
  command = plan

  assert {
    condition     = length(aws_sqs_queue.dlq) == 1 && aws_sqs_queue.dlq[0].name == "orders-dlq" && aws_sqs_queue.dlq[0].message_retention_seconds == 1209600
    error_message = "Without dlq_arn the pattern creates its queue, for 14 days of retention."
  }
}

run "destination_patterns_as_objects_of_any_shape" {
  command = plan

  variables {
    destinations = {
      # Patterns of different shapes, an object beside JSON text: `destinations` is `any`.
      audit = {
        endpoint      = "https://audit.example.com/in"
        event_pattern = { source = ["orders"], detail = { state = ["PAID"] } }
      }
      billing = {
        endpoint      = "https://billing.example.com/in"
        event_pattern = { "detail-type" = ["Invoice"] }
        rule_state    = "DISABLED"
      }
      crm = { endpoint = "https://crm.example.com/in", event_pattern = "{\"source\":[\"crm\"]}" }
      # Null settings and settings left out take the defaults.
      ledger = { endpoint = "https://ledger.example.com/in", maximum_retry_attempts = null }
    }
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.this["audit"].event_pattern) == { source = ["orders"], detail = { state = ["PAID"] } }
    error_message = "An object pattern reaches its rule as JSON."
  }
  assert {
    condition     = aws_cloudwatch_event_rule.this["billing"].state == "DISABLED" && aws_cloudwatch_event_rule.this["crm"].event_pattern == "{\"source\":[\"crm\"]}"
    error_message = "Each own rule keeps its pattern and state."
  }
  assert {
    condition     = !contains(keys(aws_cloudwatch_event_rule.this), "ledger") && aws_cloudwatch_event_target.this["ledger"].retry_policy[0].maximum_retry_attempts == 3 && aws_cloudwatch_event_target.this["ledger"].http_target[0].header_parameters["Idempotency-Key"] == "$.detail.customID"
    error_message = "A destination without a pattern is on the main rule, with the default retries and key."
  }
}
