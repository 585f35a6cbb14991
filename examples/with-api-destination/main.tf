# terraform-aws-modules/eventbridge's "with API destination" example, written
# against this module: one bus; an orders rule sending to requestbin (BASIC,
# with extra parameters) and github (its own API key connection); a refunds rule
# sending to github again through the same connection; and an OAuth endpoint.
# What this module adds without being asked: a dead-letter queue for every
# target, retries, an idempotency key header, alarms, and scoped roles.

provider "aws" {
  region = var.region
}

module "eventbridge" {
  source = "../../modules/idempotent-api-destination"

  name_prefix = var.name_prefix

  # The main destination: requestbin, on the rule for orders.
  endpoint                         = "https://requestbin.example.com/orders"
  invocation_rate_limit_per_second = 20
  event_pattern                    = jsonencode({ source = ["myapp.orders"] })

  authorization_type        = "BASIC"
  basic_username            = "eventbridge"
  connection_basic_password = var.requestbin_password
  invocation_parameters = [
    { location = "body", key = "body-parameter-key", value = "body-parameter-value" },
    { location = "body", key = "body-secret-key", secret = true },
    { location = "header", key = "header-parameter-key1", value = "header-parameter-value1" },
    { location = "query_string", key = "query-string-parameter-key1", value = "query-string-parameter-value1" },
  ]
  connection_invocation_secrets = {
    "body-secret-key" = var.requestbin_body_secret
  }

  destinations = {
    # Also on the orders rule (no event_pattern), with an API key connection of its own.
    github = {
      endpoint                         = "https://github.example.com/hooks"
      invocation_rate_limit_per_second = 20
      authorization_type               = "API_KEY"
      api_key_name                     = "x-signature-id"
    }
    # Refunds, on a rule of their own, reusing github's connection.
    refunds = {
      endpoint                         = "https://github.example.com/refunds"
      invocation_rate_limit_per_second = 20
      event_pattern                    = jsonencode({ source = ["myapp.refunds"] })
      connection_name                  = "github"
    }
    smee = {
      endpoint                         = "https://smee.example.com/hooks"
      invocation_rate_limit_per_second = 200
      event_pattern                    = jsonencode({ source = ["myapp.smee"] })
      authorization_type               = "OAUTH_CLIENT_CREDENTIALS"
      oauth_authorization_endpoint     = "https://smee.example.com/token"
      oauth_http_method                = "GET"
      oauth_client_id                  = "1234567890"
      oauth_body_parameters            = { body-parameter-key = "body-parameter-value" }
      oauth_query_parameters           = { query-string-parameter-key = "query-string-parameter-value" }
    }
  }
  destination_connection_secrets = {
    github = var.github_signature
    smee   = var.smee_client_secret
  }
}
