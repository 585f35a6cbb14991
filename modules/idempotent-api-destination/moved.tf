# Addresses of the previous release, moved to this release's (see CHANGELOG.md).

moved {
  from = aws_cloudwatch_event_bus.pattern_bus_40FABC36
  to   = aws_cloudwatch_event_bus.this[0]
}

moved {
  from = aws_sqs_queue.pattern_dlq_0705EF5A
  to   = aws_sqs_queue.dlq
}

moved {
  from = aws_sqs_queue_policy.pattern_dlq_policy_E91A6974
  to   = aws_sqs_queue_policy.dlq
}

moved {
  from = aws_cloudwatch_event_connection.pattern_connection_EC1A3265
  to   = aws_cloudwatch_event_connection.this["main"]
}

moved {
  from = aws_cloudwatch_event_rule.pattern_rule_4EA3491E
  to   = aws_cloudwatch_event_rule.this["main"]
}

moved {
  from = aws_cloudwatch_event_api_destination.pattern_api_destination_81C9A449
  to   = aws_cloudwatch_event_api_destination.this["main"]
}

moved {
  from = aws_iam_role.pattern_role_823446BD
  to   = aws_iam_role.invoke["main"]
}

moved {
  from = aws_iam_role_policy.pattern_role_policy_1229C2F4
  to   = aws_iam_role_policy.invoke["main"]
}

moved {
  from = aws_cloudwatch_event_target.pattern_target_1A1BFC13
  to   = aws_cloudwatch_event_target.this["main"]
}

moved {
  from = aws_sns_topic.pattern_alarm_topic_C5E34B5E
  to   = aws_sns_topic.alarms[0]
}

moved {
  from = aws_sns_topic_subscription.pattern_alarm_email_BC9E7AD1
  to   = aws_sns_topic_subscription.alarm_email
}

moved {
  from = aws_cloudwatch_metric_alarm.pattern_alarm_dlq_not_empty_63CD9427
  to   = aws_cloudwatch_metric_alarm.dlq_not_empty
}

moved {
  from = aws_cloudwatch_metric_alarm.pattern_alarm_failed_invocations_89360845[0]
  to   = aws_cloudwatch_metric_alarm.failed_invocations["main"]
}

moved {
  from = aws_cloudwatch_metric_alarm.pattern_alarm_dlq_delivery_failures_7B5B238E[0]
  to   = aws_cloudwatch_metric_alarm.dlq_delivery_failures["main"]
}

moved {
  from = aws_cloudwatch_event_archive.pattern_archive_AAE64CE9
  to   = aws_cloudwatch_event_archive.this
}

moved {
  from = aws_kms_key.pattern_key_D6DE7C86
  to   = aws_kms_key.this[0]
}

moved {
  from = aws_kms_alias.pattern_key_alias_6D46C738
  to   = aws_kms_alias.this[0]
}

moved {
  from = aws_sqs_queue.dlq
  to   = aws_sqs_queue.dlq[0]
}

moved {
  from = aws_sqs_queue_policy.dlq
  to   = aws_sqs_queue_policy.dlq[0]
}
