resource "aws_cloudwatch_event_archive" "this" {
  count            = var.create_archive ? 1 : 0
  description      = "Events on ${local.bus_name}, for replay"
  event_pattern    = jsonencode(try(jsondecode(var.archive_event_pattern), var.archive_event_pattern)) == "{}" ? null : jsonencode(try(jsondecode(var.archive_event_pattern), var.archive_event_pattern))
  event_source_arn = local.bus_arn
  name             = "${var.name_prefix}-archive"
  retention_days   = var.archive_retention_days
}
