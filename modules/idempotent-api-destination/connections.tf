resource "aws_cloudwatch_event_connection" "this" {
  for_each           = local.connection_names
  description        = "Auth for the ${local.stems[each.key]} API destination"
  authorization_type = local.connections[each.key].authorization_type == "NONE" ? "API_KEY" : local.connections[each.key].authorization_type
  kms_key_identifier = local.key_arn
  name               = "${local.stems[each.key]}-connection"

  auth_parameters {
    dynamic "api_key" {
      for_each = contains(
        ["API_KEY", "NONE"],
        local.connections[each.key].authorization_type,
      ) ? [1] : []

      content {
        key   = local.auth_headers[each.key]
        value = local.connections[each.key].authorization_type == "NONE" ? "notused" : lookup(local.connection_secrets, each.key, null)
      }
    }

    dynamic "basic" {
      for_each = local.connections[each.key].authorization_type == "BASIC" ? [1] : []

      content {
        password = lookup(local.connection_secrets, each.key, null)
        username = local.connections[each.key].basic_username
      }
    }

    dynamic "invocation_http_parameters" {
      for_each = length(local.connections[each.key].invocation_parameters) > 0 ? [1] : []

      content {
        dynamic "body" {
          for_each = [
            for p in local.connections[each.key].invocation_parameters : p if p.location == "body"
          ]

          content {
            is_value_secret = body.value.secret
            key             = body.value.key
            value = body.value.secret ? lookup(
              var.connection_invocation_secrets,
              each.key == "main" ? body.value.key : "${each.key}/${body.value.key}",
              null,
            ) : body.value.value
          }
        }

        dynamic "header" {
          for_each = [
            for p in local.connections[each.key].invocation_parameters : p if p.location == "header"
          ]

          content {
            is_value_secret = header.value.secret
            key             = header.value.key
            value = header.value.secret ? lookup(
              var.connection_invocation_secrets,
              each.key == "main" ? header.value.key : "${each.key}/${header.value.key}",
              null,
            ) : header.value.value
          }
        }

        dynamic "query_string" {
          for_each = [
            for p in local.connections[each.key].invocation_parameters : p if p.location == "query_string"
          ]

          content {
            is_value_secret = query_string.value.secret
            key             = query_string.value.key
            value = query_string.value.secret ? lookup(
              var.connection_invocation_secrets,
              each.key == "main" ? query_string.value.key : "${each.key}/${query_string.value.key}",
              null,
            ) : query_string.value.value
          }
        }
      }
    }

    dynamic "oauth" {
      for_each = local.connections[each.key].authorization_type == "OAUTH_CLIENT_CREDENTIALS" ? [1] : []

      content {
        authorization_endpoint = local.connections[each.key].oauth_authorization_endpoint
        http_method            = coalesce(local.connections[each.key].oauth_http_method, "POST")

        client_parameters {
          client_id     = local.connections[each.key].oauth_client_id
          client_secret = lookup(local.connection_secrets, each.key, null)
        }

        oauth_http_parameters {
          dynamic "body" {
            for_each = local.connections[each.key].oauth_body_parameters == null ? {} : local.connections[each.key].oauth_body_parameters

            content {
              key   = body.key
              value = body.value
            }
          }

          dynamic "header" {
            for_each = local.connections[each.key].oauth_header_parameters == null ? {} : local.connections[each.key].oauth_header_parameters

            content {
              key   = header.key
              value = header.value
            }
          }

          dynamic "query_string" {
            for_each = local.connections[each.key].oauth_query_parameters == null ? {} : local.connections[each.key].oauth_query_parameters

            content {
              key   = query_string.key
              value = query_string.value
            }
          }
        }
      }
    }
  }

  lifecycle {
    precondition {
      condition     = local.connections[each.key].api_key_name != null || local.connections[each.key].authorization_type != "API_KEY"
      error_message = "Invalid connection ${each.key}: api_key_name is required with authorization_type = API_KEY."
    }

    precondition {
      condition     = local.connections[each.key].basic_username != null || local.connections[each.key].authorization_type != "BASIC"
      error_message = "Invalid connection ${each.key}: basic_username is required with authorization_type = BASIC."
    }

    precondition {
      condition     = local.connections[each.key].oauth_authorization_endpoint != null || local.connections[each.key].authorization_type != "OAUTH_CLIENT_CREDENTIALS"
      error_message = "Invalid connection ${each.key}: oauth_authorization_endpoint is required with authorization_type = OAUTH_CLIENT_CREDENTIALS."
    }

    precondition {
      condition     = local.connections[each.key].oauth_client_id != null || local.connections[each.key].authorization_type != "OAUTH_CLIENT_CREDENTIALS"
      error_message = "Invalid connection ${each.key}: oauth_client_id is required with authorization_type = OAUTH_CLIENT_CREDENTIALS."
    }

    precondition {
      condition = local.connections[each.key].api_key_name == null || contains(
        ["API_KEY", "NONE"],
        local.connections[each.key].authorization_type,
      )
      error_message = "Invalid connection ${each.key}: api_key_name is only used with authorization_type = API_KEY or NONE; remove it or change authorization_type."
    }

    precondition {
      condition     = local.connections[each.key].basic_username == null || contains(["BASIC"], local.connections[each.key].authorization_type)
      error_message = "Invalid connection ${each.key}: basic_username is only used with authorization_type = BASIC; remove it or change authorization_type."
    }

    precondition {
      condition     = local.connections[each.key].oauth_authorization_endpoint == null || contains(["OAUTH_CLIENT_CREDENTIALS"], local.connections[each.key].authorization_type)
      error_message = "Invalid connection ${each.key}: oauth_authorization_endpoint is only used with authorization_type = OAUTH_CLIENT_CREDENTIALS; remove it or change authorization_type."
    }

    precondition {
      condition = local.connections[each.key].oauth_http_method == null || contains(
        ["OAUTH_CLIENT_CREDENTIALS"],
        local.connections[each.key].authorization_type,
      )
      error_message = "Invalid connection ${each.key}: oauth_http_method is only used with authorization_type = OAUTH_CLIENT_CREDENTIALS; remove it or change authorization_type."
    }

    precondition {
      condition = local.connections[each.key].oauth_client_id == null || contains(
        ["OAUTH_CLIENT_CREDENTIALS"],
        local.connections[each.key].authorization_type,
      )
      error_message = "Invalid connection ${each.key}: oauth_client_id is only used with authorization_type = OAUTH_CLIENT_CREDENTIALS; remove it or change authorization_type."
    }

    precondition {
      condition = local.connections[each.key].oauth_body_parameters == null || contains(
        ["OAUTH_CLIENT_CREDENTIALS"],
        local.connections[each.key].authorization_type,
      )
      error_message = "Invalid connection ${each.key}: oauth_body_parameters is only used with authorization_type = OAUTH_CLIENT_CREDENTIALS; remove it or change authorization_type."
    }

    precondition {
      condition = local.connections[each.key].oauth_header_parameters == null || contains(
        ["OAUTH_CLIENT_CREDENTIALS"],
        local.connections[each.key].authorization_type,
      )
      error_message = "Invalid connection ${each.key}: oauth_header_parameters is only used with authorization_type = OAUTH_CLIENT_CREDENTIALS; remove it or change authorization_type."
    }

    precondition {
      condition = local.connections[each.key].oauth_query_parameters == null || contains(
        ["OAUTH_CLIENT_CREDENTIALS"],
        local.connections[each.key].authorization_type,
      )
      error_message = "Invalid connection ${each.key}: oauth_query_parameters is only used with authorization_type = OAUTH_CLIENT_CREDENTIALS; remove it or change authorization_type."
    }

    precondition {
      condition = local.connections[each.key].authorization_type == "NONE" || (
        lookup(local.connection_secrets, each.key, null) == null ? false : try(
          length(lookup(local.connection_secrets, each.key, null)) >= 1 && length(lookup(local.connection_secrets, each.key, null)) <= 512 && can(
            regex(
              "^(?:[^\\x00-\\x08\\x0a-\\x1f:\\x7f]*[^\\x00-\\x1f:\\x7f][^\\x00-\\x08\\x0a-\\x1f:\\x7f]*)$",
              lookup(local.connection_secrets, each.key, null),
            ),
          ),
          false,
        )
      )
      error_message = "Invalid connection ${each.key}: its secret is required, 1-512 characters with no control characters (tabs aside) and no ':', not tabs alone (API reference: CreateConnectionApiKeyAuthRequestParameters, CreateConnectionBasicAuthRequestParameters, CreateConnectionOAuthClientRequestParameters): connection_api_key_value for API_KEY, connection_basic_password for BASIC, connection_oauth_client_secret for OAUTH_CLIENT_CREDENTIALS (main); destination_connection_secrets[<name>] for a destination's own."
    }

    precondition {
      condition = alltrue(
        [
          for p in local.connections[each.key].invocation_parameters : !p.secret || try(
            p.location == "header" ? (length(lookup(var.connection_invocation_secrets, each.key == "main" ? p.key : "${each.key}/${p.key}", "")) >= 1 && length(lookup(var.connection_invocation_secrets, each.key == "main" ? p.key : "${each.key}/${p.key}", "")) <= 512 && can(regex("^(?:[\\t -~]*[ -~][\\t -~]*)$", lookup(var.connection_invocation_secrets, each.key == "main" ? p.key : "${each.key}/${p.key}", "")))) : (
              length(
                lookup(
                  var.connection_invocation_secrets,
                  each.key == "main" ? p.key : "${each.key}/${p.key}",
                  "",
                ),
              ) >= 1
              && length(
                lookup(
                  var.connection_invocation_secrets,
                  each.key == "main" ? p.key : "${each.key}/${p.key}",
                  "",
                ),
              ) >= 0
              && length(
                lookup(
                  var.connection_invocation_secrets,
                  each.key == "main" ? p.key : "${each.key}/${p.key}",
                  "",
                ),
              ) <= 512
              && can(
                regex(
                  "^(?:[^\\x00-\\x1f\\x7f]*)$",
                  lookup(
                    var.connection_invocation_secrets,
                    each.key == "main" ? p.key : "${each.key}/${p.key}",
                    "",
                  ),
                ),
              )
            ),
            false,
          )
        ],
      )
      error_message = "Invalid connection ${each.key}: every invocation parameter with secret = true needs a value in connection_invocation_secrets, keyed by its key (main) or by <destination>/<key>: for a header 1-512 printable ASCII characters (letters, digits, punctuation, spaces and tabs), not empty and not tabs alone, else 1-512 characters without control characters (API reference: ConnectionHttpParameters)."
    }
  }
}
