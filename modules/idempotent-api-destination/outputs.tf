# Outputs.

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify (created or given), or \"\" without one."
  value       = length(aws_sns_topic.alarms) > 0 ? aws_sns_topic.alarms[0].arn : (var.alarm_topic_arn == null ? "" : var.alarm_topic_arn)
}

output "api_destination_arn" {
  description = "ARN of the main API destination."
  value       = aws_cloudwatch_event_api_destination.this["main"].arn
}

output "connection_arn" {
  description = "ARN of the main connection, which holds the auth."
  value       = aws_cloudwatch_event_connection.this["main"].arn
}

output "destination_arns" {
  description = "ARNs of the further API destinations, by name."
  value       = { for k, d in aws_cloudwatch_event_api_destination.this : k => d.arn if k != "main" }
}

output "destinations" {
  description = "Every destination (\"main\" and the further ones) by name: its API destination, connection, rule, role and target id."
  value = {
    for k, d in local.destinations : k => {
      api_destination_arn  = aws_cloudwatch_event_api_destination.this[k].arn
      api_destination_name = aws_cloudwatch_event_api_destination.this[k].name
      connection_arn       = aws_cloudwatch_event_connection.this[d.connection].arn
      rule_name            = aws_cloudwatch_event_rule.this[d.rule].name
      rule_arn             = aws_cloudwatch_event_rule.this[d.rule].arn
      role_arn             = aws_iam_role.invoke[k].arn
      target_id            = aws_cloudwatch_event_target.this[k].target_id
    }
  }
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue of failed deliveries."
  value       = local.dlq_arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue, for reading failed events."
  value       = local.dlq_url
}

output "encryption_key_arn" {
  description = "The customer managed key (created: its ARN; given: as given), or \"\" with AWS owned keys."
  value       = local.key_arn == null ? "" : local.key_arn
}

output "eventbridge_bus_arn" {
  description = "ARN of the event bus; put events here."
  value       = local.bus_arn
}

output "eventbridge_bus_name" {
  description = "Name of the event bus."
  value       = local.bus
}

output "eventbridge_rule_arn" {
  description = "ARN of the main rule."
  value       = aws_cloudwatch_event_rule.this["main"].arn
}

output "eventbridge_rule_arns" {
  description = "ARNs of the rules, by destination."
  value       = { for k, r in aws_cloudwatch_event_rule.this : k => r.arn }
}

output "eventbridge_rule_names" {
  description = "Names of the rules, by destination (\"main\" and each with its own pattern)."
  value       = { for k, r in aws_cloudwatch_event_rule.this : k => r.name }
}

output "role_arn" {
  description = "ARN of the role EventBridge assumes to call the main API destination."
  value       = aws_iam_role.invoke["main"].arn
}

output "role_arns" {
  description = "ARNs of the invoke roles, by destination."
  value       = { for k, r in aws_iam_role.invoke : k => r.arn }
}
