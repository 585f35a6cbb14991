# Values the resources share: the destinations, connections and rules by name.

locals {
  alarm_actions = concat(
    var.alarm_actions,
    local.create_alarm_topic ? [aws_sns_topic.alarms[0].arn] : [],
    var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn],
  )
  api_destination_arns = { for k, a in aws_cloudwatch_event_api_destination.this : k => a.arn }
  auth_headers = {
    for k, c in local.connections : k => contains(["API_KEY", "NONE"], c.authorization_type) ? coalesce(c.api_key_name, "notused") : "Authorization"
  }
  bus              = var.create_bus ? aws_cloudwatch_event_bus.this[0].name : local.bus_name
  bus_arn          = var.create_bus ? aws_cloudwatch_event_bus.this[0].arn : "arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:event-bus/${local.bus_name}"
  bus_name         = var.create_bus ? coalesce(var.event_bus_name, "${var.name_prefix}-bus") : var.event_bus_name
  connection_arns  = { for k, c in aws_cloudwatch_event_connection.this : k => c.arn }
  connection_names = toset(keys(local.connections))
  connection_secrets = merge(
    var.destination_connection_secrets,
    {
      main = lookup(
        {
          API_KEY                  = var.connection_api_key_value
          BASIC                    = var.connection_basic_password
          OAUTH_CLIENT_CREDENTIALS = var.connection_oauth_client_secret
          NONE                     = "notused"
        },
        var.authorization_type,
        null,
      )
    },
  )
  connections = merge(
    {
      main = {
        authorization_type           = var.authorization_type
        api_key_name                 = var.api_key_name
        basic_username               = var.basic_username
        oauth_authorization_endpoint = var.oauth_authorization_endpoint
        oauth_http_method            = var.oauth_http_method
        oauth_client_id              = var.oauth_client_id
        oauth_body_parameters        = var.oauth_body_parameters
        oauth_header_parameters      = var.oauth_header_parameters
        oauth_query_parameters       = var.oauth_query_parameters
        invocation_parameters        = var.invocation_parameters
      }
    },
    {
      for k, d in local.destinations_given : k => {
        authorization_type           = d.authorization_type
        api_key_name                 = d.api_key_name
        basic_username               = d.basic_username
        oauth_authorization_endpoint = d.oauth_authorization_endpoint
        oauth_http_method            = d.oauth_http_method
        oauth_client_id              = d.oauth_client_id
        oauth_body_parameters        = d.oauth_body_parameters
        oauth_header_parameters      = d.oauth_header_parameters
        oauth_query_parameters       = d.oauth_query_parameters
        invocation_parameters        = d.invocation_parameters
      } if d.authorization_type != null
    },
  )
  create_alarm_topic = var.create_alarms && var.create_alarm_topic && var.alarm_topic_arn == null
  destination_names  = toset(keys(local.destinations))
  destinations = merge(
    {
      main = {
        endpoint                         = var.endpoint
        http_method                      = var.http_method
        invocation_rate_limit_per_second = var.invocation_rate_limit_per_second
        maximum_retry_attempts           = var.maximum_retry_attempts
        maximum_event_age_in_seconds     = var.maximum_event_age_in_seconds
        idempotency_header_name          = var.idempotency_header_name
        idempotency_key_path             = var.idempotency_key_path
        header_parameters                = var.header_parameters
        input_paths                      = var.input_paths
        input_template                   = var.input_template
        path_parameter_values            = var.path_parameter_values
        query_string_parameters          = var.query_string_parameters
        connection                       = "main"
        rule                             = "main"
      }
    },
    {
      for k, d in local.destinations_given : k => {
        endpoint                         = d.endpoint
        http_method                      = d.http_method
        invocation_rate_limit_per_second = d.invocation_rate_limit_per_second
        maximum_retry_attempts           = d.maximum_retry_attempts
        maximum_event_age_in_seconds     = d.maximum_event_age_in_seconds
        idempotency_header_name          = d.idempotency_header_name
        idempotency_key_path             = d.idempotency_key_path
        header_parameters                = d.header_parameters
        input_paths                      = d.input_paths
        input_template                   = d.input_template
        path_parameter_values            = d.path_parameter_values
        query_string_parameters          = d.query_string_parameters
        connection                       = d.connection_name != null ? d.connection_name : (d.authorization_type == null ? "main" : k)
        rule                             = d.event_pattern == null ? "main" : k
      }
    },
  )
  destinations_given = {
    for k, d in var.destinations : k => {
      endpoint                         = try(d.endpoint, null)
      http_method                      = try(coalesce(d.http_method), "POST")
      invocation_rate_limit_per_second = try(coalesce(d.invocation_rate_limit_per_second), 1)
      maximum_retry_attempts           = try(coalesce(d.maximum_retry_attempts), 3)
      maximum_event_age_in_seconds     = try(coalesce(d.maximum_event_age_in_seconds), 86400)
      idempotency_header_name          = try(coalesce(d.idempotency_header_name), "Idempotency-Key")
      idempotency_key_path             = try(coalesce(d.idempotency_key_path), "$.detail.customID")
      header_parameters                = try(coalesce(d.header_parameters), {})
      event_pattern                    = try(tostring(d.event_pattern), jsonencode(d.event_pattern), null)
      input_paths                      = try(coalesce(d.input_paths), {})
      input_template                   = try(d.input_template, null)
      path_parameter_values            = try(coalesce(d.path_parameter_values), [])
      query_string_parameters          = try(coalesce(d.query_string_parameters), {})
      rule_state                       = try(d.rule_state, null)
      authorization_type               = try(d.authorization_type, null)
      api_key_name                     = try(d.api_key_name, null)
      basic_username                   = try(d.basic_username, null)
      oauth_authorization_endpoint     = try(d.oauth_authorization_endpoint, null)
      oauth_http_method                = try(d.oauth_http_method, null)
      oauth_client_id                  = try(d.oauth_client_id, null)
      oauth_body_parameters            = try(d.oauth_body_parameters, null)
      oauth_header_parameters          = try(d.oauth_header_parameters, null)
      oauth_query_parameters           = try(d.oauth_query_parameters, null)
      invocation_parameters = try(
        [
          for p in d.invocation_parameters : {
            location = p.location
            key      = p.key
            value    = try(p.value, null)
            secret   = try(coalesce(p.secret), false)
          }
        ],
        [],
      )
      connection_name = try(d.connection_name, null)
    }
  }
  dlq_arn       = var.dlq_arn == null ? aws_sqs_queue.dlq[0].arn : var.dlq_arn
  dlq_name      = var.dlq_arn == null ? aws_sqs_queue.dlq[0].name : split(":", coalesce(var.dlq_arn, "::::::"))[5]
  dlq_url       = var.dlq_arn == null ? aws_sqs_queue.dlq[0].url : "https://sqs.${split(":", coalesce(var.dlq_arn, "::::::"))[3]}.${data.aws_partition.current.dns_suffix}/${split(":", coalesce(var.dlq_arn, "::::::"))[4]}/${split(":", coalesce(var.dlq_arn, "::::::"))[5]}"
  key_arn       = var.create_kms_key ? aws_kms_key.this[0].arn : var.kms_key_arn
  roles_created = { for k, r in aws_iam_role.invoke : k => { id = r.id, arn = r.arn } }
  rule_states = merge(
    { main = var.rule_state },
    {
      for k, d in local.destinations_given : k => coalesce(d.rule_state, "ENABLED") if d.event_pattern != null
    },
  )
  rules = merge(
    {
      main = jsonencode(try(jsondecode(var.event_pattern), var.event_pattern)) == "{}" ? jsonencode({ "account" = [data.aws_caller_identity.current.account_id] }) : jsonencode(try(jsondecode(var.event_pattern), var.event_pattern))
    },
    { for k, d in local.destinations_given : k => d.event_pattern if d.event_pattern != null },
  )
  rules_created = {
    for k, r in aws_cloudwatch_event_rule.this : k => { name = r.name, arn = r.arn }
  }
  stems = {
    for k in keys(local.destinations) : k => k == "main" ? var.name_prefix : "${var.name_prefix}-${k}"
  }
}
