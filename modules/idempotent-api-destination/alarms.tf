resource "aws_cloudwatch_metric_alarm" "dlq_delivery_failures" {
  for_each            = var.create_alarms ? local.rules : {}
  alarm_actions       = local.alarm_actions
  alarm_description   = "Failed events could not be written to the dead-letter queue: they are lost."
  alarm_name          = "${local.stems[each.key]}-dlq-delivery-failures"
  comparison_operator = "GreaterThanThreshold"
  dimensions          = local.bus == "default" ? { RuleName = local.rules_created[each.key].name } : { EventBusName = local.bus, RuleName = local.rules_created[each.key].name }
  evaluation_periods  = var.alarm_evaluation_periods
  metric_name         = "InvocationsFailedToBeSentToDlq"
  namespace           = "AWS/Events"
  ok_actions          = local.alarm_actions
  period              = var.alarm_period
  statistic           = "Sum"
  tags                = var.tags
  threshold           = 0
  treat_missing_data  = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  count               = var.create_alarms ? 1 : 0
  alarm_actions       = local.alarm_actions
  alarm_description   = "Events EventBridge could not deliver wait in the dead-letter queue. See the README: when an alarm fires."
  alarm_name          = "${var.name_prefix}-dlq-not-empty"
  comparison_operator = "GreaterThanThreshold"
  dimensions          = { QueueName = local.dlq_name }
  evaluation_periods  = var.alarm_evaluation_periods
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  ok_actions          = local.alarm_actions
  period              = var.alarm_period
  statistic           = "Maximum"
  tags                = var.tags
  threshold           = var.alarm_dlq_threshold
  treat_missing_data  = "notBreaching"
}

resource "aws_cloudwatch_metric_alarm" "failed_invocations" {
  for_each            = var.create_alarms ? local.rules : {}
  alarm_actions       = local.alarm_actions
  alarm_description   = "Deliveries to the API destination failed for good."
  alarm_name          = "${local.stems[each.key]}-failed-invocations"
  comparison_operator = "GreaterThanThreshold"
  dimensions          = local.bus == "default" ? { RuleName = local.rules_created[each.key].name } : { EventBusName = local.bus, RuleName = local.rules_created[each.key].name }
  evaluation_periods  = var.alarm_evaluation_periods
  metric_name         = "FailedInvocations"
  namespace           = "AWS/Events"
  ok_actions          = local.alarm_actions
  period              = var.alarm_period
  statistic           = "Sum"
  tags                = var.tags
  threshold           = var.alarm_failed_invocations_threshold
  treat_missing_data  = "notBreaching"
}

resource "aws_sns_topic" "alarms" {
  count             = local.create_alarm_topic ? 1 : 0
  kms_master_key_id = var.create_kms_key ? aws_kms_key.this[0].arn : null
  name              = "${var.name_prefix}-alarms"
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = local.create_alarm_topic ? length(var.alarm_emails) : 0
  endpoint  = var.alarm_emails[count.index]
  protocol  = "email"
  topic_arn = aws_sns_topic.alarms[0].arn
}
