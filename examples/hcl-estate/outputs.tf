output "event_bus_arn" {
  description = "Put order events on this bus."
  value       = module.orders_webhook.eventbridge_bus_arn
}

output "dead_letter_queue_url" {
  description = "Failed deliveries land here."
  value       = module.orders_webhook.dlq_url
}

output "api_destination_arn" {
  description = "The API destination that calls the endpoint."
  value       = module.orders_webhook.api_destination_arn
}

output "alarm_topic_arn" {
  description = "Subscribe further on-call channels to this topic."
  value       = module.orders_webhook.alarm_topic_arn
}
