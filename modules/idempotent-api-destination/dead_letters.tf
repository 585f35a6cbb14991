resource "aws_sqs_queue" "dlq" {
  count                     = var.dlq_arn == null ? 1 : 0
  kms_master_key_id         = local.key_arn
  message_retention_seconds = var.dlq_message_retention_seconds
  name                      = "${var.name_prefix}-dlq"
  sqs_managed_sse_enabled   = local.key_arn == null ? true : null
  tags                      = var.tags
}

resource "aws_sqs_queue_policy" "dlq" {
  count = var.dlq_arn == null ? 1 : 0
  policy = jsonencode(
    {
      "Version" = "2012-10-17"
      "Statement" = [
        {
          "Sid"       = "EventBridgeDeadLetters"
          "Effect"    = "Allow"
          "Principal" = { "Service" = "events.amazonaws.com" }
          "Action"    = "sqs:SendMessage"
          "Resource"  = aws_sqs_queue.dlq[0].arn
          "Condition" = {
            "ArnEquals" = {
              "aws:SourceArn" = concat(
                [for r in aws_cloudwatch_event_rule.this : r.arn],
                var.create_bus ? [aws_cloudwatch_event_bus.this[0].arn] : [],
              )
            }
          }
        },
      ]
    },
  )
  queue_url = aws_sqs_queue.dlq[0].url
}
