output "eventbridge_bus_arn" {
  description = "Put events here."
  value       = module.eventbridge.eventbridge_bus_arn
}

output "eventbridge_rule_names" {
  description = "The rules, by destination."
  value       = module.eventbridge.eventbridge_rule_names
}

output "destinations" {
  description = "Every destination: its API destination, connection, rule, role and target."
  value       = module.eventbridge.destinations
}

output "dead_letter_queue_url" {
  description = "Failed deliveries of every destination land here."
  value       = module.eventbridge.dlq_url
}
