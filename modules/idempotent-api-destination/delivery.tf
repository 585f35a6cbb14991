resource "aws_cloudwatch_event_api_destination" "this" {
  for_each                         = local.destination_names
  description                      = "Receiving API of ${local.stems[each.key]}"
  connection_arn                   = local.connection_arns[local.destinations[each.key].connection]
  http_method                      = local.destinations[each.key].http_method
  invocation_endpoint              = local.destinations[each.key].endpoint
  invocation_rate_limit_per_second = local.destinations[each.key].invocation_rate_limit_per_second
  name                             = "${local.stems[each.key]}-api-destination"
}

resource "aws_cloudwatch_event_rule" "this" {
  for_each       = local.rules
  description    = "Sends matching events on ${local.bus_name} to ${each.key == "main" ? "the API destination" : each.key}"
  event_bus_name = local.bus
  event_pattern  = each.value
  name           = "${local.stems[each.key]}-rule"
  state          = local.rule_states[each.key]
  tags           = var.tags
}

resource "aws_cloudwatch_event_target" "this" {
  for_each       = local.destination_names
  arn            = local.api_destination_arns[each.key]
  event_bus_name = local.bus
  role_arn       = local.roles_created[each.key].arn
  rule           = local.rules_created[local.destinations[each.key].rule].name
  target_id      = each.key == "main" ? "api-destination" : "api-destination-${each.key}"

  dead_letter_config {
    arn = local.dlq_arn
  }

  dynamic "input_transformer" {
    for_each = local.destinations[each.key].input_template == null ? [] : [1]

    content {
      input_paths    = local.destinations[each.key].input_paths
      input_template = local.destinations[each.key].input_template
    }
  }

  http_target {
    header_parameters = merge(
      local.destinations[each.key].header_parameters,
      {
        (local.destinations[each.key].idempotency_header_name) = local.destinations[each.key].idempotency_key_path
      },
    )
    path_parameter_values   = length(local.destinations[each.key].path_parameter_values) > 0 ? local.destinations[each.key].path_parameter_values : null
    query_string_parameters = length(local.destinations[each.key].query_string_parameters) > 0 ? local.destinations[each.key].query_string_parameters : null
  }

  lifecycle {
    precondition {
      condition     = lower(local.auth_headers[local.destinations[each.key].connection]) != lower(local.destinations[each.key].idempotency_header_name)
      error_message = "Invalid idempotency_header_name of ${each.key}: the connection's auth header and idempotency_header_name must differ, or the auth header replaces the idempotency key (connection parameters win over target parameters)."
    }

    precondition {
      condition = !contains(
        [for h in keys(local.destinations[each.key].header_parameters) : lower(h)],
        lower(local.destinations[each.key].idempotency_header_name),
      )
      error_message = "Invalid header_parameters of ${each.key}: a further header may not be the idempotency header, in any case; the key comes from idempotency_key_path."
    }

    precondition {
      condition = !contains(
        [
          for p in local.connections[local.destinations[each.key].connection].invocation_parameters : lower(p.key) if p.location == "header"
        ],
        lower(local.destinations[each.key].idempotency_header_name),
      )
      error_message = "Invalid idempotency_header_name of ${each.key}: a header the connection adds (invocation_parameters) may not be the idempotency header, or it replaces the idempotency key (connection parameters win over target parameters)."
    }

    precondition {
      condition     = length(local.destinations[each.key].input_paths) == 0 || local.destinations[each.key].input_template != null
      error_message = "Invalid input_paths of ${each.key}: they need input_template, which uses them."
    }
  }

  retry_policy {
    maximum_event_age_in_seconds = local.destinations[each.key].maximum_event_age_in_seconds
    maximum_retry_attempts       = local.destinations[each.key].maximum_retry_attempts
  }
}

resource "aws_iam_role" "invoke" {
  for_each    = local.destination_names
  description = "Assumed by EventBridge to call the ${local.stems[each.key]} API destination"
  assume_role_policy = jsonencode(
    {
      "Version" = "2012-10-17"
      "Statement" = [
        {
          "Effect"    = "Allow"
          "Principal" = { "Service" = "events.amazonaws.com" }
          "Action"    = "sts:AssumeRole"
          "Condition" = {
            "StringEquals" = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
            "ArnEquals" = {
              "aws:SourceArn" = local.rules_created[local.destinations[each.key].rule].arn
            }
          }
        },
      ]
    },
  )
  name                 = "${local.stems[each.key]}-invoke-api-destination"
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  tags                 = var.tags

  lifecycle {
    precondition {
      condition     = length("${local.stems[each.key]}-invoke-api-destination") <= 64
      error_message = "Invalid name_prefix: the role ${local.stems[each.key]}-invoke-api-destination would be longer than 64 characters; shorten name_prefix or the destination's name."
    }
  }
}

resource "aws_iam_role_policy" "invoke" {
  for_each = local.destination_names
  name     = "invoke-api-destination"
  policy = jsonencode(
    {
      "Version" = "2012-10-17"
      "Statement" = [
        {
          "Effect"   = "Allow"
          "Action"   = "events:InvokeApiDestination"
          "Resource" = local.api_destination_arns[each.key]
        },
      ]
    },
  )
  role = local.roles_created[each.key].id
}
