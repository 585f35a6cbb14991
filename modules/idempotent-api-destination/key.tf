resource "aws_kms_alias" "this" {
  count         = var.create_kms_key ? 1 : 0
  name          = "alias/${var.name_prefix}"
  target_key_id = aws_kms_key.this[0].key_id
}

resource "aws_kms_key" "this" {
  count                   = var.create_kms_key ? 1 : 0
  description             = "Encrypts the bus, connection secrets, dead letters and logs of ${var.name_prefix}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode(
    {
      "Version" = "2012-10-17"
      "Statement" = concat(
        [
          {
            "Sid"    = "AccountAdministersTheKey"
            "Effect" = "Allow"
            "Principal" = {
              "AWS" = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
            }
            "Action"   = "kms:*"
            "Resource" = "*"
          },
        ],
        [
          {
            "Sid"       = "EventBridgeDescribesTheKey"
            "Effect"    = "Allow"
            "Principal" = { "Service" = "events.amazonaws.com" }
            "Action"    = "kms:DescribeKey"
            "Resource"  = "*"
            "Condition" = {
              "StringEquals" = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
            }
          },
        ],
        (var.create_bus) ? [
          {
            "Sid"       = "EventBridgeEncryptsTheBus"
            "Effect"    = "Allow"
            "Principal" = { "Service" = "events.amazonaws.com" }
            "Action" = [
              "kms:GenerateDataKey",
              "kms:Decrypt",
              "kms:ReEncryptFrom",
              "kms:ReEncryptTo",
            ]
            "Resource" = "*"
            "Condition" = {
              "StringEquals" = {
                "aws:SourceAccount"                              = data.aws_caller_identity.current.account_id
                "kms:EncryptionContext:aws:events:event-bus:arn" = "arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:event-bus/${local.bus_name}"
              }
            }
          },
        ] : [],
        [
          {
            "Sid"       = "EventBridgeWritesDeadLetters"
            "Effect"    = "Allow"
            "Principal" = { "Service" = "events.amazonaws.com" }
            "Action"    = ["kms:GenerateDataKey", "kms:Decrypt"]
            "Resource"  = "*"
            "Condition" = {
              "ArnEquals" = {
                "aws:SourceArn" = concat(
                  [
                    for k in keys(local.rules) : "arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:rule/${local.bus_name == "default" ? "" : "${local.bus_name}/"}${local.stems[k]}-rule"
                  ],
                  var.create_bus ? [
                    "arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:event-bus/${local.bus_name}",
                  ] : [],
                )
              }
            }
          },
        ],
        [
          {
            "Sid"       = "CloudWatchPublishesThisPatternsAlarms"
            "Effect"    = "Allow"
            "Principal" = { "Service" = "cloudwatch.amazonaws.com" }
            "Action"    = ["kms:GenerateDataKey", "kms:Decrypt"]
            "Resource"  = "*"
            "Condition" = {
              "ArnLike" = {
                "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alarm:${var.name_prefix}-*"
              }
            }
          },
        ],
      )
    },
  )
  tags = merge(var.tags, { "EventBridgeApiDestinations" = "true" })
}
