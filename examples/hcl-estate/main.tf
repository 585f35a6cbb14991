# An existing HCL estate calling the pattern as a module. The estate owns the
# provider (and its credentials, region and default tags); the module inherits it.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      managed-by = "terraform"
    }
  }
}

module "orders_webhook" {
  # From a git tag of this repository instead:
  # source = "git::https://example.com/your-org/idempotent-api-destination.git//modules/idempotent-api-destination?ref=v0.1.0"
  source = "../../modules/idempotent-api-destination"

  name_prefix              = "orders"
  endpoint                 = var.endpoint
  api_key_name             = "x-api-key"
  connection_api_key_value = var.api_key

  invocation_rate_limit_per_second = 10
  maximum_retry_attempts           = 10
  maximum_event_age_in_seconds     = 3600

  idempotency_key_path = "$.detail.orderId"
  event_pattern = {
    source      = ["orders.app"]
    detail-type = ["OrderPlaced"]
  }

  alarm_emails = ["oncall@example.com"]

  create_archive         = true
  archive_retention_days = 7

  tags = {
    team = "payments"
  }
}
