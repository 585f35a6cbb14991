resource "aws_cloudwatch_event_bus" "this" {
  count              = var.create_bus ? 1 : 0
  kms_key_identifier = local.key_arn
  name               = local.bus_name
  tags               = var.tags

  dead_letter_config {
    arn = local.dlq_arn
  }
}
