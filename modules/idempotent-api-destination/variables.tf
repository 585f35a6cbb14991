# Inputs: each checked here, before anything reaches AWS.

variable "alarm_actions" {
  description = "Further ARNs (SNS topics) notified when an alarm fires and when it recovers. Allowed: a list of at most 4, each an ARN such as arn:aws:sns:us-east-1:123456789012:ops."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition = try(
      length(var.alarm_actions) <= 4 && alltrue(
        [
          for x in var.alarm_actions : length(x) >= 20 && length(x) <= 2048 && can(
            regex("^(?:arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:\\S+)$", x),
          )
        ],
      ),
      false,
    )
    error_message = "Invalid alarm_actions: must be a list of at most 4, each an ARN such as arn:aws:sns:us-east-1:123456789012:ops (CloudWatch PutMetricAlarm allows 5 actions per state; the alarm topic is one of them)."
  }
}

variable "alarm_dlq_threshold" {
  description = "The dead-letter queue alarm fires when more messages than this wait (0: any). Allowed: a whole number of at least 0."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition = try(
      floor(var.alarm_dlq_threshold) == var.alarm_dlq_threshold && var.alarm_dlq_threshold >= 0,
      false,
    )
    error_message = "Invalid alarm_dlq_threshold: must be a whole number of at least 0 (CloudWatch API reference: PutMetricAlarm (Threshold))."
  }
}

variable "alarm_emails" {
  description = "Email addresses subscribed to the created alarm topic; each must confirm the mail AWS sends. Allowed: a list of at most 10, each an email address."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition = try(
      length(var.alarm_emails) <= 10 && alltrue(
        [
          for x in var.alarm_emails : length(x) >= 3 && length(x) <= 254 && can(
            regex("^(?:[^@\\s]+@[^@\\s]+\\.[^@\\s]+)$", x),
          )
        ],
      ),
      false,
    )
    error_message = "Invalid alarm_emails: must be a list of at most 10, each an email address (SNS email subscriptions; a reasonable bound, not an AWS limit)."
  }

  validation {
    condition = length(var.alarm_emails) == 0 || (
      var.create_alarms && var.create_alarm_topic && var.alarm_topic_arn == null
    )
    error_message = "Invalid alarm_emails: they subscribe only to a topic this pattern creates (create_alarms and create_alarm_topic true, no alarm_topic_arn)."
  }
}

variable "alarm_evaluation_periods" {
  description = "Periods in a row that must breach before an alarm fires (at most a day in all). Allowed: a whole number from 1 to 1440."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition = try(
      floor(var.alarm_evaluation_periods) == var.alarm_evaluation_periods
      && var.alarm_evaluation_periods >= 1
      && var.alarm_evaluation_periods <= 1440,
      false,
    )
    error_message = "Invalid alarm_evaluation_periods: must be a whole number from 1 to 1440 (CloudWatch API reference: PutMetricAlarm (EvaluationPeriods))."
  }

  validation {
    condition     = try(var.alarm_evaluation_periods * var.alarm_period <= 86400, false)
    error_message = "Invalid alarm_evaluation_periods: alarm_period x alarm_evaluation_periods may not exceed 86400 seconds (CloudWatch API reference: PutMetricAlarm)."
  }
}

variable "alarm_failed_invocations_threshold" {
  description = "The FailedInvocations alarm of each rule fires when more than this many deliveries failed for good in a period (0: any). The alarm on events that could not even reach the dead-letter queue always fires on the first. Allowed: a whole number of at least 0."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition = try(
      floor(var.alarm_failed_invocations_threshold) == var.alarm_failed_invocations_threshold
      && var.alarm_failed_invocations_threshold >= 0,
      false,
    )
    error_message = "Invalid alarm_failed_invocations_threshold: must be a whole number of at least 0 (CloudWatch API reference: PutMetricAlarm (Threshold))."
  }
}

variable "alarm_period" {
  description = "Seconds each alarm's metric is summed over: 10, 20, 30 or a multiple of 60. Allowed: 10, 20, 30, or a multiple of 60 from 60 to 86400 (seconds)."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition = try(
      floor(var.alarm_period) == var.alarm_period && (
        contains([10, 20, 30], var.alarm_period) || (
          var.alarm_period % 60 == 0 && var.alarm_period >= 60 && var.alarm_period <= 86400
        )
      ),
      false,
    )
    error_message = "Invalid alarm_period: must be 10, 20, 30, or a multiple of 60 from 60 to 86400 (seconds) (CloudWatch API reference: PutMetricAlarm (Period))."
  }
}

variable "alarm_topic_arn" {
  description = "An existing SNS topic for the alarms to notify instead of a created one. Allowed: null or an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ops."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.alarm_topic_arn == null ? true : try(
      length(var.alarm_topic_arn) >= 20 && length(var.alarm_topic_arn) <= 2048 && can(
        regex(
          "^(?:arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?)$",
          var.alarm_topic_arn,
        ),
      ),
      false,
    )
    error_message = "Invalid alarm_topic_arn: must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ops (SNS API reference: topic names are 1-256 of A-Z, a-z, 0-9, '-' and '_')."
  }
}

variable "api_key_name" {
  description = "Header that carries the API key; API_KEY and NONE only. Required with API_KEY in the module; the deployable stack defaults to the seed's `notused`. Allowed: null or 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host)."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.api_key_name == null ? true : try(
      length(var.api_key_name) >= 1
      && length(var.api_key_name) <= 512
      && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", var.api_key_name))
      && !contains(
        [
          "user-agent",
          "content-type",
          "range",
          "accept-encoding",
          "connection",
          "content-length",
          "host",
        ],
        lower(var.api_key_name),
      ),
      false,
    )
    error_message = "Invalid api_key_name: must be 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host) (API reference: HttpParameters; user guide, API destinations)."
  }
}

variable "archive_event_pattern" {
  description = "Which events are archived: a table of lists, or its JSON text. Empty (the default) archives every event on the bus. Allowed: a table (or its JSON text) whose values are non-empty lists of values to match or non-empty nested tables, with no list directly inside a list, at most 2048 characters as JSON."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition = try(
      can(keys(try(jsondecode(var.archive_event_pattern), var.archive_event_pattern))) ? (
        (
          length(try(jsondecode(var.archive_event_pattern), var.archive_event_pattern)) == 0 ? true : (
            try(
              alltrue(
                [
                  for k6, v6 in try(jsondecode(var.archive_event_pattern), var.archive_event_pattern) : can(keys(v6)) ? try(
                    alltrue(
                      [
                        for k5, v5 in v6 : can(keys(v5)) ? try(
                          alltrue(
                            [
                              for k4, v4 in v5 : can(keys(v4)) ? try(
                                alltrue(
                                  [
                                    for k3, v3 in v4 : can(keys(v3)) ? try(
                                      alltrue(
                                        [
                                          for k2, v2 in v3 : can(keys(v2)) ? try(
                                            alltrue(
                                              [
                                                for k1, v1 in v2 : can(keys(v1)) ? true : (
                                                  can(length(v1))
                                                  && !can(keys(v1))
                                                  && !can(tostring(v1))
                                                )
                                              ],
                                            ),
                                            false,
                                          ) : (can(length(v2)) && !can(keys(v2)) && !can(tostring(v2)))
                                        ],
                                      ),
                                      false,
                                    ) : (can(length(v3)) && !can(keys(v3)) && !can(tostring(v3)))
                                  ],
                                ),
                                false,
                              ) : (can(length(v4)) && !can(keys(v4)) && !can(tostring(v4)))
                            ],
                          ),
                          false,
                        ) : (can(length(v5)) && !can(keys(v5)) && !can(tostring(v5)))
                      ],
                    ),
                    false,
                  ) : (can(length(v6)) && !can(keys(v6)) && !can(tostring(v6)))
                ],
              ),
              false,
            ) && !can(regex("\\[\\]|\\{\\}|[\\[,]\\[", replace(jsonencode(try(jsondecode(var.archive_event_pattern), var.archive_event_pattern)), "/\"(?:[^\"\\\\]|\\\\.)*\"/", "\"\"")))
          )
        ) && length(jsonencode(try(jsondecode(var.archive_event_pattern), var.archive_event_pattern))) <= 2048
      ) : false,
      false,
    )
    error_message = "Invalid archive_event_pattern: must be a table (or its JSON text) whose values are non-empty lists of values to match or non-empty nested tables, with no list directly inside a list, at most 2048 characters as JSON (EventBridge user guide, event patterns; quotas: event pattern size)."
  }
}

variable "archive_retention_days" {
  description = "Days archived events are kept; 0 keeps them indefinitely. Allowed: a whole number of at least 0."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition = try(
      floor(var.archive_retention_days) == var.archive_retention_days
      && var.archive_retention_days >= 0,
      false,
    )
    error_message = "Invalid archive_retention_days: must be a whole number of at least 0 (API reference: CreateArchive; 0 keeps events indefinitely)."
  }
}

variable "authorization_type" {
  description = "How the connection authorizes: API_KEY (a header), BASIC, OAUTH_CLIENT_CREDENTIALS, or NONE for endpoints without auth (the seed's dummy API key). Each secret comes from a sensitive variable: connection_api_key_value, connection_basic_password or connection_oauth_client_secret. Allowed: one of API_KEY, BASIC, OAUTH_CLIENT_CREDENTIALS, NONE."
  type        = string
  default     = "API_KEY"
  nullable    = false

  validation {
    condition = try(
      contains(["API_KEY", "BASIC", "OAUTH_CLIENT_CREDENTIALS", "NONE"], var.authorization_type),
      false,
    )
    error_message = "Invalid authorization_type: must be one of API_KEY, BASIC, OAUTH_CLIENT_CREDENTIALS, NONE (API reference: CreateConnection; NONE is the seed's dummy API key for endpoints without auth, since EventBridge requires a connection)."
  }

  validation {
    condition = var.authorization_type != "OAUTH_CLIENT_CREDENTIALS" || try(
      length(coalesce(var.oauth_body_parameters, {})) > 0
      || length(coalesce(var.oauth_header_parameters, {})) > 0
      || length(coalesce(var.oauth_query_parameters, {})) > 0,
      false,
    )
    error_message = "Invalid authorization_type = OAUTH_CLIENT_CREDENTIALS: give at least one entry in oauth_body_parameters, oauth_header_parameters or oauth_query_parameters (the token request's parameters, e.g. a scope or audience): the AWS provider refuses an OAuth connection without one."
  }
}

variable "basic_username" {
  description = "User name for BASIC auth; required with BASIC (at plan time if unset here). Allowed: null or 1-512 characters with no control characters (tabs aside) and no ':', not tabs alone."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.basic_username == null ? true : try(
      length(var.basic_username) >= 1 && length(var.basic_username) <= 512 && can(
        regex(
          "^(?:[^\\x00-\\x08\\x0a-\\x1f:\\x7f]*[^\\x00-\\x1f:\\x7f][^\\x00-\\x08\\x0a-\\x1f:\\x7f]*)$",
          var.basic_username,
        ),
      ),
      false,
    )
    error_message = "Invalid basic_username: must be 1-512 characters with no control characters (tabs aside) and no ':', not tabs alone (API reference: CreateConnectionApiKeyAuthRequestParameters, CreateConnectionBasicAuthRequestParameters, CreateConnectionOAuthClientRequestParameters)."
  }
}

variable "connection_api_key_value" {
  description = "The connection's secret with authorization_type = API_KEY, 1-512 characters. EventBridge keeps it in Secrets Manager; Terraform keeps it in state, marked sensitive."
  type        = string
  default     = null
  sensitive   = true
  nullable    = true
}

variable "connection_basic_password" {
  description = "The connection's secret with authorization_type = BASIC, 1-512 characters. EventBridge keeps it in Secrets Manager; Terraform keeps it in state, marked sensitive."
  type        = string
  default     = null
  sensitive   = true
  nullable    = true
}

variable "connection_invocation_secrets" {
  description = "Values of the invocation parameters with secret = true: by key for the main connection, by <destination>/<key> for a destination's own."
  type        = map(string)
  default     = {}
  sensitive   = true
  nullable    = false
}

variable "connection_oauth_client_secret" {
  description = "The connection's secret with authorization_type = OAUTH_CLIENT_CREDENTIALS, 1-512 characters. EventBridge keeps it in Secrets Manager; Terraform keeps it in state, marked sensitive."
  type        = string
  default     = null
  sensitive   = true
  nullable    = true
}

variable "create_alarm_topic" {
  description = "Create an SNS topic for the alarms to notify (when create_alarms is true and no alarm_topic_arn is given). Allowed: true or false."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_alarms" {
  description = "CloudWatch alarms on the dead-letter queue's depth and on each rule's FailedInvocations and InvocationsFailedToBeSentToDlq. Allowed: true or false."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_archive" {
  description = "An event archive on the bus, for replaying events after an outage. Allowed: true or false."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_bus" {
  description = "Create the event bus. false attaches the rules to the existing bus event_bus_name. Allowed: true or false."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_kms_key" {
  description = "A customer managed KMS key (rotated yearly) for the connections' secrets, the dead-letter queue, the bus and its logs, with the key policy and the EventBridgeApiDestinations tag EventBridge needs. Allowed: true or false."
  type        = bool
  default     = false
  nullable    = false
}

variable "destination_connection_secrets" {
  description = "Secrets of the further destinations' own connections (the API key, password or client secret), by destination name."
  type        = map(string)
  default     = {}
  sensitive   = true
  nullable    = false
}

variable "destinations" {
  description = "Further API destinations on the same bus, by name (1-20 characters, not `main`): each a table of the per-destination settings in the README's 'Fan-out'. Each gets its own API destination, role and target; its own rule with an event_pattern, else a target on the main rule (5 targets per rule at most); its own connection with an authorization_type, else the main one. Allowed: a map of names (1-20 characters, unique in any case, not 'main') to objects with endpoint and any of the top-level destination and auth settings, each of the top level's type, plus event_pattern (an object or JSON text), rule_state and connection_name; a setting left out or null takes the top level's default (not its value)."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition = try(
      can(keys(var.destinations)) && alltrue(
        [
          for k, d in var.destinations : length(
            setsubtract(
              keys(d),
              [
                "endpoint",
                "http_method",
                "invocation_rate_limit_per_second",
                "maximum_retry_attempts",
                "maximum_event_age_in_seconds",
                "idempotency_header_name",
                "idempotency_key_path",
                "header_parameters",
                "event_pattern",
                "input_paths",
                "input_template",
                "path_parameter_values",
                "query_string_parameters",
                "rule_state",
                "authorization_type",
                "api_key_name",
                "basic_username",
                "oauth_authorization_endpoint",
                "oauth_http_method",
                "oauth_client_id",
                "oauth_body_parameters",
                "oauth_header_parameters",
                "oauth_query_parameters",
                "invocation_parameters",
                "connection_name",
              ],
            ),
          ) == 0
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: a map of names to objects, each with an endpoint and any of endpoint, http_method, invocation_rate_limit_per_second, maximum_retry_attempts, maximum_event_age_in_seconds, idempotency_header_name, idempotency_key_path, header_parameters, event_pattern, input_paths, input_template, path_parameter_values, query_string_parameters, rule_state, authorization_type, api_key_name, basic_username, oauth_authorization_endpoint, oauth_http_method, oauth_client_id, oauth_body_parameters, oauth_header_parameters, oauth_query_parameters, invocation_parameters, connection_name; a setting's name outside that list is refused (a misspelt one would be ignored)."
  }

  validation {
    condition     = try(alltrue([for k, d in var.destinations : try(d.endpoint, null) != null]), false)
    error_message = "Invalid destinations: each needs an endpoint, an https:// URL of at most 2048 characters: a host, then a path and query of ASCII letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or non-ASCII characters)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.endpoint, null) == null ? true : try(
            length(d.endpoint) >= 9 && length(d.endpoint) <= 2048 && can(
              regex(
                "^(?:https://[A-Za-z0-9.-]+(:[0-9]+)?([/?](%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])*)?)$",
                d.endpoint,
              ),
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each endpoint must be an https:// URL of at most 2048 characters: a host, then a path and query of ASCII letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or non-ASCII characters) (API reference: CreateApiDestination (InvocationEndpoint); HTTPS only)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.http_method, null) == null ? true : try(
            contains(["POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"], d.http_method),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each http_method must be one of POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE (API reference: CreateApiDestination)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.invocation_rate_limit_per_second, null) == null ? true : try(
            floor(d.invocation_rate_limit_per_second) == d.invocation_rate_limit_per_second
            && d.invocation_rate_limit_per_second >= 1,
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each invocation_rate_limit_per_second must be a whole number of at least 1 (API reference: CreateApiDestination; the default quota is 300 per second per destination and can be raised)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.maximum_retry_attempts, null) == null ? true : try(
            floor(d.maximum_retry_attempts) == d.maximum_retry_attempts
            && d.maximum_retry_attempts >= 0
            && d.maximum_retry_attempts <= 185,
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each maximum_retry_attempts must be a whole number from 0 to 185 (API reference: RetryPolicy)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.maximum_event_age_in_seconds, null) == null ? true : try(
            floor(d.maximum_event_age_in_seconds) == d.maximum_event_age_in_seconds
            && d.maximum_event_age_in_seconds >= 60
            && d.maximum_event_age_in_seconds <= 86400,
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each maximum_event_age_in_seconds must be a whole number from 60 to 86400 (API reference: RetryPolicy)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.idempotency_header_name, null) == null ? true : try(
            length(d.idempotency_header_name) >= 1
            && length(d.idempotency_header_name) <= 512
            && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", d.idempotency_header_name))
            && !contains(
              [
                "user-agent",
                "content-type",
                "range",
                "accept-encoding",
                "connection",
                "content-length",
                "host",
              ],
              lower(d.idempotency_header_name),
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each idempotency_header_name must be 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host) (API reference: HttpParameters; user guide, API destinations)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.idempotency_key_path, null) == null ? true : try(
            length(d.idempotency_key_path) >= 2
            && length(d.idempotency_key_path) <= 512
            && can(
              regex("^(?:\\$(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\]|\\.\\*)+)$", d.idempotency_key_path),
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each idempotency_key_path must be a JSONPath into the event such as $.detail.customID: '$' then .name, [index] or .* parts, and nothing before or after it (EventBridge user guide, dynamic path parameters: the whole value must be the path)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.header_parameters, null) == null ? true : try(
            can(tomap(d.header_parameters)) && alltrue(
              [
                for k, v in d.header_parameters : length(k) >= 1
                && length(k) <= 512
                && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", k))
                && !contains(
                  [
                    "user-agent",
                    "content-type",
                    "range",
                    "accept-encoding",
                    "connection",
                    "content-length",
                    "host",
                  ],
                  lower(k),
                )
                && (
                  startswith(v, "$") ? (length(v) >= 2 && length(v) <= 512 && can(regex("^(?:\\$(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\]|\\.\\*)+)$", v))) : (length(v) >= 1 && length(v) <= 512 && can(regex("^(?:[\\t -~]*[ -~][\\t -~]*)$", v)))
                )
              ],
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each header_parameters must be a table of header names (HTTP tokens EventBridge does not set itself) to values of at most 512 printable ASCII characters, or to a JSONPath such as $.detail.tenant (API reference: HttpParameters; user guide, dynamic path parameters)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.event_pattern, null) == null ? true : try(
            can(keys(try(jsondecode(d.event_pattern), d.event_pattern))) ? (
              (
                length(try(jsondecode(d.event_pattern), d.event_pattern)) == 0 ? false : (
                  try(
                    alltrue(
                      [
                        for k6, v6 in try(jsondecode(d.event_pattern), d.event_pattern) : can(keys(v6)) ? try(
                          alltrue(
                            [
                              for k5, v5 in v6 : can(keys(v5)) ? try(
                                alltrue(
                                  [
                                    for k4, v4 in v5 : can(keys(v4)) ? try(
                                      alltrue(
                                        [
                                          for k3, v3 in v4 : can(keys(v3)) ? try(
                                            alltrue(
                                              [
                                                for k2, v2 in v3 : can(keys(v2)) ? try(
                                                  alltrue(
                                                    [
                                                      for k1, v1 in v2 : can(keys(v1)) ? true : (
                                                        can(length(v1))
                                                        && !can(keys(v1))
                                                        && !can(tostring(v1))
                                                      )
                                                    ],
                                                  ),
                                                  false,
                                                ) : (can(length(v2)) && !can(keys(v2)) && !can(tostring(v2)))
                                              ],
                                            ),
                                            false,
                                          ) : (can(length(v3)) && !can(keys(v3)) && !can(tostring(v3)))
                                        ],
                                      ),
                                      false,
                                    ) : (can(length(v4)) && !can(keys(v4)) && !can(tostring(v4)))
                                  ],
                                ),
                                false,
                              ) : (can(length(v5)) && !can(keys(v5)) && !can(tostring(v5)))
                            ],
                          ),
                          false,
                        ) : (can(length(v6)) && !can(keys(v6)) && !can(tostring(v6)))
                      ],
                    ),
                    false,
                  ) && !can(regex("\\[\\]|\\{\\}|[\\[,]\\[", replace(jsonencode(try(jsondecode(d.event_pattern), d.event_pattern)), "/\"(?:[^\"\\\\]|\\\\.)*\"/", "\"\"")))
                )
              ) && length(jsonencode(try(jsondecode(d.event_pattern), d.event_pattern))) <= 2048
            ) : false,
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each event_pattern must be a table (or its JSON text) whose values are non-empty lists of values to match or non-empty nested tables, with no list directly inside a list, at most 2048 characters as JSON (EventBridge user guide, event patterns; a destination's own rule must match something)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.input_paths, null) == null ? true : try(
            can(tomap(d.input_paths)) && length(d.input_paths) <= 100 && alltrue(
              [
                for k, v in d.input_paths : length(k) >= 1
                && length(k) <= 256
                && can(regex("^(?:[A-Za-z0-9_-]+)$", k))
                && length(v) >= 1
                && length(v) <= 256
                && can(regex("^(?:\\$(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\]|\\.\\*)*)$", v))
              ],
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each input_paths must be a table of at most 100 entries, keys 1-256 of A-Z, a-z, 0-9, '_' and '-', values a JSONPath into the event such as $.detail.orderId (API reference: InputTransformer (InputPathsMap))."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.input_template, null) == null ? true : try(
            length(d.input_template) >= 1 && length(d.input_template) <= 8192,
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each input_template must be 1-8192 characters (API reference: InputTransformer (InputTemplate))."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.path_parameter_values, null) == null ? true : try(
            can(tolist(d.path_parameter_values)) && length(d.path_parameter_values) <= 100 && alltrue(
              [
                for x in d.path_parameter_values : length(x) >= 1 && length(x) <= 512 && can(
                  regex("^(?:[^\\n\\r]*[^\\t\\n\\x0b\\f\\r ][^\\n\\r]*)$", x),
                )
              ],
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each path_parameter_values must be a list of at most 100, each a value (or a JSONPath into the event) that is not only white space, on one line (API reference: HttpParameters; one per '*' in the endpoint, in order; 100 is a reasonable bound, not an AWS limit)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.query_string_parameters, null) == null ? true : try(
            can(tomap(d.query_string_parameters)) && length(d.query_string_parameters) <= 100 && alltrue(
              [
                for k, v in d.query_string_parameters : length(k) >= 1
                && length(k) <= 512
                && can(regex("^(?:[^\\x00-\\x1f\\x7f]+)$", k))
                && length(v) >= 1
                && length(v) <= 512
                && can(regex("^(?:[^\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f]+)$", v))
              ],
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each query_string_parameters must be a table of at most 100 entries, keys 1-512 characters without control characters, values 1-512 characters without control characters (line breaks aside), or a JSONPath into the event (API reference: HttpParameters; 100 is a reasonable bound, not an AWS limit)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.rule_state, null) == null ? true : try(
            contains(["ENABLED", "DISABLED"], d.rule_state),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each rule_state must be one of ENABLED, DISABLED (API reference: PutRule (State))."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.authorization_type, null) == null ? true : try(
            contains(["API_KEY", "BASIC", "OAUTH_CLIENT_CREDENTIALS", "NONE"], d.authorization_type),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each authorization_type must be one of API_KEY, BASIC, OAUTH_CLIENT_CREDENTIALS, NONE (API reference: CreateConnection; NONE is the seed's dummy API key for endpoints without auth, since EventBridge requires a connection)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.api_key_name, null) == null ? true : try(
            length(d.api_key_name) >= 1
            && length(d.api_key_name) <= 512
            && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", d.api_key_name))
            && !contains(
              [
                "user-agent",
                "content-type",
                "range",
                "accept-encoding",
                "connection",
                "content-length",
                "host",
              ],
              lower(d.api_key_name),
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each api_key_name must be 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host) (API reference: HttpParameters; user guide, API destinations)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.basic_username, null) == null ? true : try(
            length(d.basic_username) >= 1 && length(d.basic_username) <= 512 && can(
              regex(
                "^(?:[^\\x00-\\x08\\x0a-\\x1f:\\x7f]*[^\\x00-\\x1f:\\x7f][^\\x00-\\x08\\x0a-\\x1f:\\x7f]*)$",
                d.basic_username,
              ),
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each basic_username must be 1-512 characters with no control characters (tabs aside) and no ':', not tabs alone (API reference: CreateConnectionApiKeyAuthRequestParameters, CreateConnectionBasicAuthRequestParameters, CreateConnectionOAuthClientRequestParameters)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.oauth_authorization_endpoint, null) == null ? true : try(
            length(d.oauth_authorization_endpoint) >= 9 && length(d.oauth_authorization_endpoint) <= 2048 && can(
              regex(
                "^(?:https://[A-Za-z0-9.-]+(:[0-9]+)?([/?](%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])*)?)$",
                d.oauth_authorization_endpoint,
              ),
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each oauth_authorization_endpoint must be an https:// URL of at most 2048 characters: a host, then a path and query of ASCII letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or non-ASCII characters) (API reference: CreateConnectionOAuthRequestParameters)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.oauth_http_method, null) == null ? true : try(
            contains(["GET", "POST", "PUT"], d.oauth_http_method),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each oauth_http_method must be one of GET, POST, PUT (API reference: CreateConnectionOAuthRequestParameters)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.oauth_client_id, null) == null ? true : try(
            length(d.oauth_client_id) >= 1 && length(d.oauth_client_id) <= 512 && can(
              regex(
                "^(?:[^\\x00-\\x08\\x0a-\\x1f:\\x7f]*[^\\x00-\\x1f:\\x7f][^\\x00-\\x08\\x0a-\\x1f:\\x7f]*)$",
                d.oauth_client_id,
              ),
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each oauth_client_id must be 1-512 characters with no control characters (tabs aside) and no ':', not tabs alone (API reference: CreateConnectionApiKeyAuthRequestParameters, CreateConnectionBasicAuthRequestParameters, CreateConnectionOAuthClientRequestParameters)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.oauth_body_parameters, null) == null ? true : try(
            can(tomap(d.oauth_body_parameters))
            && length(d.oauth_body_parameters) <= 100
            && alltrue(
              [
                for k, v in d.oauth_body_parameters : length(k) >= 1
                && length(k) <= 512
                && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", k))
                && length(v) >= 0
                && length(v) <= 512
                && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", v))
              ],
            )
            && !anytrue(
              [
                for k in keys(d.oauth_body_parameters) : can(
                  regex(
                    "(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)",
                    k,
                  ),
                )
              ],
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each oauth_body_parameters must be a table of at most 100 entries, keys 1-512 characters without control characters, values a string of at most 512 characters without control characters, and no key that names a credential (secret, password, token, api key) (API reference: ConnectionHttpParameters; 100 is a reasonable bound, not an AWS limit)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.oauth_header_parameters, null) == null ? true : try(
            can(tomap(d.oauth_header_parameters)) && length(d.oauth_header_parameters) <= 100 && alltrue(
              [
                for k, v in d.oauth_header_parameters : length(k) >= 1
                && length(k) <= 512
                && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", k))
                && !contains(
                  [
                    "user-agent",
                    "content-type",
                    "range",
                    "accept-encoding",
                    "connection",
                    "content-length",
                    "host",
                  ],
                  lower(k),
                )
                && length(v) >= 1
                && length(v) <= 512
                && can(regex("^(?:[\\t -~]*[ -~][\\t -~]*)$", v))
              ],
            ) && !anytrue([for k in keys(d.oauth_header_parameters) : can(regex("(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)", k))]),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each oauth_header_parameters must be a table of at most 100 entries, keys 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host), values 1-512 printable ASCII characters (letters, digits, punctuation, spaces and tabs), not empty and not tabs alone, and no key that names a credential (secret, password, token, api key) (API reference: ConnectionHttpParameters; 100 is a reasonable bound, not an AWS limit)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.oauth_query_parameters, null) == null ? true : try(
            can(tomap(d.oauth_query_parameters))
            && length(d.oauth_query_parameters) <= 100
            && alltrue(
              [
                for k, v in d.oauth_query_parameters : length(k) >= 1
                && length(k) <= 512
                && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", k))
                && length(v) >= 0
                && length(v) <= 512
                && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", v))
              ],
            )
            && !anytrue(
              [
                for k in keys(d.oauth_query_parameters) : can(
                  regex(
                    "(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)",
                    k,
                  ),
                )
              ],
            ),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each oauth_query_parameters must be a table of at most 100 entries, keys 1-512 characters without control characters, values a string of at most 512 characters without control characters, and no key that names a credential (secret, password, token, api key) (API reference: ConnectionHttpParameters; 100 is a reasonable bound, not an AWS limit)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.invocation_parameters, null) == null ? true : try(
            can(concat(d.invocation_parameters, [])) && alltrue(
              [
                for p in d.invocation_parameters : contains(
                  ["header", "query_string", "body"],
                  p.location,
                )
                && (
                  p.location == "header" ? (
                    length(p.key) >= 1
                    && length(p.key) <= 512
                    && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", p.key))
                    && !contains(
                      [
                        "user-agent",
                        "content-type",
                        "range",
                        "accept-encoding",
                        "connection",
                        "content-length",
                        "host",
                      ],
                      lower(p.key),
                    )
                  ) : (length(p.key) >= 1 && length(p.key) <= 512 && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", p.key)))
                )
                && (
                  p.secret ? p.value == null : (
                    p.value != null ? (
                      (
                        (
                          p.location == "header" ? (length(p.value) >= 1 && length(p.value) <= 512 && can(regex("^(?:[\\t -~]*[ -~][\\t -~]*)$", p.value))) : (length(p.value) >= 0 && length(p.value) <= 512 && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", p.value)))
                        )
                      ) && !can(regex("(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)", p.key))
                    ) : false
                  )
                )
              ],
            ) && length(distinct([for p in d.invocation_parameters : "${p.location} ${lower(p.key)}"])) == length(d.invocation_parameters),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each invocation_parameters must be a list of tables with location (header, query_string or body), key (1-512 characters without control characters; for a header an HTTP token that EventBridge does not set itself), and either value (at most 512 characters without control characters; for a header 1-512 printable ASCII characters; not under a key that names a credential) or secret = true (API reference: ConnectionHttpParameters)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.connection_name, null) == null ? true : try(
            length(d.connection_name) >= 1
            && length(d.connection_name) <= 20
            && can(regex("^(?:[A-Za-z][A-Za-z0-9_-]*)$", d.connection_name)),
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each connection_name must be 'main' or the name of a destination with an authorization_type of its own (a connection this pattern creates)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.authorization_type, null) != null || (
            alltrue(
              [
                for v in [try(d.api_key_name, null), try(d.basic_username, null), try(d.oauth_authorization_endpoint, null), try(d.oauth_http_method, null), try(d.oauth_client_id, null), try(d.oauth_body_parameters, null), try(d.oauth_header_parameters, null), try(d.oauth_query_parameters, null)] : v == null
              ],
            ) && try(length(d.invocation_parameters), 0) == 0
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: a destination without an authorization_type uses another's connection, so it may not set a connection's settings (api_key_name, basic_username, oauth_authorization_endpoint, oauth_http_method, oauth_client_id, oauth_body_parameters, oauth_header_parameters, oauth_query_parameters, invocation_parameters): set authorization_type for a connection of its own, or remove the setting (the connection it shares is configured where it is defined)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.rule_state, null) == null
          || try(d.event_pattern, null) != null
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: a rule_state is only for a destination with an event_pattern, whose rule is its own; the others follow the main rule's rule_state."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(
            length(d.path_parameter_values) <= length(split("*", d.endpoint)) - 1,
            true,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: more path_parameter_values than '*' wildcards in the endpoint; each value fills the next '*' in the endpoint's path (API reference: HttpParameters)."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.authorization_type, null) != "OAUTH_CLIENT_CREDENTIALS" || try(
            length(coalesce(try(d.oauth_body_parameters, null), {})) > 0
            || length(coalesce(try(d.oauth_header_parameters, null), {})) > 0
            || length(coalesce(try(d.oauth_query_parameters, null), {})) > 0,
            false,
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each with authorization_type = OAUTH_CLIENT_CREDENTIALS: give at least one entry in oauth_body_parameters, oauth_header_parameters or oauth_query_parameters (the token request's parameters, e.g. a scope or audience): the AWS provider refuses an OAuth connection without one."
  }

  validation {
    condition = try(
      var.name_prefix == null || alltrue(
        [
          for k in keys(var.destinations) : length(
            "${var.name_prefix}-${k}-invoke-api-destination",
          ) <= 64
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: with this name_prefix, a destination's longest name, <name_prefix>-<name>-invoke-api-destination (its role), would be longer than 64 characters, which IAM and EventBridge allow: shorten the destination's name or name_prefix."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k, d in var.destinations : try(d.connection_name, null) == null || (
            try(d.authorization_type, null) == null && (
              try(d.connection_name, null) == "main" || try(
                var.destinations[d.connection_name].authorization_type != null,
                false,
              )
            )
          )
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: a connection_name must be 'main' or a destination with an authorization_type of its own, and comes instead of an authorization_type."
  }

  validation {
    condition = try(
      alltrue(
        [
          for k in keys(var.destinations) : length(k) >= 1
          && length(k) <= 20
          && can(regex("^(?:[A-Za-z][A-Za-z0-9_-]*)$", k))
          && !contains(["main"], lower(k))
        ],
      ),
      false,
    )
    error_message = "Invalid destinations: each name must be 1-20 characters of A-Z, a-z, 0-9, '-' and '_', starting with a letter, and not 'main' (the top-level destination's key) (EventBridge and IAM names are at most 64 characters; a destination's names are <name_prefix>-<name>-<suffix>)."
  }

  validation {
    condition = try(
      length(distinct([for k in keys(var.destinations) : lower(k)])) == length(var.destinations),
      false,
    )
    error_message = "Invalid destinations: names must differ in more than case (IAM role names ignore case)."
  }

  validation {
    condition = try(
      length([for d in values(var.destinations) : d if try(d.event_pattern, null) == null]) < 5,
      false,
    )
    error_message = "Invalid destinations: at most 4 may go without an event_pattern, since the main rule takes 5 targets (EventBridge quotas)."
  }
}

variable "dlq_arn" {
  description = "An existing standard SQS queue (its ARN) for failed events instead of the created one. Its policy is then yours: the README's 'Bring your own dead-letter queue' says what it must allow. Allowed: null or the ARN of a standard (not FIFO) SQS queue in the rules' region, e.g. arn:aws:sqs:eu-west-1:123456789012:orders-dlq."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.dlq_arn == null ? true : try(
      length(var.dlq_arn) >= 20 && length(var.dlq_arn) <= 2048 && can(
        regex("^(?:arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80})$", var.dlq_arn),
      ),
      false,
    )
    error_message = "Invalid dlq_arn: must be the ARN of a standard (not FIFO) SQS queue in the rules' region, e.g. arn:aws:sqs:eu-west-1:123456789012:orders-dlq (EventBridge user guide, dead-letter queues: a standard queue in the same region; SQS queue names are 1-80 of A-Z, a-z, 0-9, '-' and '_')."
  }
}

variable "dlq_message_retention_seconds" {
  description = "Seconds a failed event waits in the dead-letter queue, 60-1209600: 14 days, SQS's maximum (the seed left SQS's default of 4 days). Allowed: a whole number from 60 to 1209600."
  type        = number
  default     = 1209600
  nullable    = false

  validation {
    condition = try(
      floor(var.dlq_message_retention_seconds) == var.dlq_message_retention_seconds
      && var.dlq_message_retention_seconds >= 60
      && var.dlq_message_retention_seconds <= 1209600,
      false,
    )
    error_message = "Invalid dlq_message_retention_seconds: must be a whole number from 60 to 1209600 (SQS API reference: MessageRetentionPeriod)."
  }

  validation {
    condition     = var.dlq_arn == null || var.dlq_message_retention_seconds == 1209600
    error_message = "Invalid dlq_message_retention_seconds: only for the queue this pattern creates; with dlq_arn, set the retention where that queue is managed."
  }
}

variable "endpoint" {
  description = "HTTPS URL of the receiving API, at most 2048 characters. Unset makes the `endpoint` Terraform variable required at plan time. Allowed: an https:// URL of at most 2048 characters: a host, then a path and query of ASCII letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or non-ASCII characters)."
  type        = string

  validation {
    condition = try(
      length(var.endpoint) >= 9 && length(var.endpoint) <= 2048 && can(
        regex(
          "^(?:https://[A-Za-z0-9.-]+(:[0-9]+)?([/?](%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])*)?)$",
          var.endpoint,
        ),
      ),
      false,
    )
    error_message = "Invalid endpoint: must be an https:// URL of at most 2048 characters: a host, then a path and query of ASCII letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or non-ASCII characters) (API reference: CreateApiDestination (InvocationEndpoint); HTTPS only)."
  }
}

variable "event_bus_name" {
  description = "Name of the bus: of the created one (unset: <name_prefix>-bus), or of an existing one when create_bus is false (`default` included). Allowed: null or 1-256 characters of A-Z, a-z, 0-9, '.', '-', '_' and '/' (an existing bus, 'default' included; a created bus may not contain '/' nor be 'default')."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.event_bus_name == null ? true : try(
      length(var.event_bus_name) >= 1
      && length(var.event_bus_name) <= 256
      && can(regex("^(?:[/.A-Za-z0-9_-]+)$", var.event_bus_name)),
      false,
    )
    error_message = "Invalid event_bus_name: must be 1-256 characters of A-Z, a-z, 0-9, '.', '-', '_' and '/' (an existing bus, 'default' included; a created bus may not contain '/' nor be 'default') (API reference: CreateEventBus (Name))."
  }

  validation {
    condition     = var.create_bus || var.event_bus_name != null
    error_message = "Invalid event_bus_name: required when create_bus = false (the existing bus)."
  }

  validation {
    condition = !var.create_bus || var.event_bus_name == null ? true : (
      var.event_bus_name != "default" && length(split("/", var.event_bus_name)) == 1
    )
    error_message = "Invalid event_bus_name: a created bus may not be 'default' nor contain '/'; set create_bus = false to use an existing bus."
  }
}

variable "event_pattern" {
  description = "The rule's event pattern: a table of lists, or its JSON text. Empty (the default) is the seed's `{\"account\": [<deploying account>]}`. Allowed: a table (or its JSON text) whose values are non-empty lists of values to match or non-empty nested tables, with no list directly inside a list, at most 2048 characters as JSON."
  type        = any
  default     = {}
  nullable    = false

  validation {
    condition = try(
      can(keys(try(jsondecode(var.event_pattern), var.event_pattern))) ? (
        (
          length(try(jsondecode(var.event_pattern), var.event_pattern)) == 0 ? true : (
            try(
              alltrue(
                [
                  for k6, v6 in try(jsondecode(var.event_pattern), var.event_pattern) : can(keys(v6)) ? try(
                    alltrue(
                      [
                        for k5, v5 in v6 : can(keys(v5)) ? try(
                          alltrue(
                            [
                              for k4, v4 in v5 : can(keys(v4)) ? try(
                                alltrue(
                                  [
                                    for k3, v3 in v4 : can(keys(v3)) ? try(
                                      alltrue(
                                        [
                                          for k2, v2 in v3 : can(keys(v2)) ? try(
                                            alltrue(
                                              [
                                                for k1, v1 in v2 : can(keys(v1)) ? true : (
                                                  can(length(v1))
                                                  && !can(keys(v1))
                                                  && !can(tostring(v1))
                                                )
                                              ],
                                            ),
                                            false,
                                          ) : (can(length(v2)) && !can(keys(v2)) && !can(tostring(v2)))
                                        ],
                                      ),
                                      false,
                                    ) : (can(length(v3)) && !can(keys(v3)) && !can(tostring(v3)))
                                  ],
                                ),
                                false,
                              ) : (can(length(v4)) && !can(keys(v4)) && !can(tostring(v4)))
                            ],
                          ),
                          false,
                        ) : (can(length(v5)) && !can(keys(v5)) && !can(tostring(v5)))
                      ],
                    ),
                    false,
                  ) : (can(length(v6)) && !can(keys(v6)) && !can(tostring(v6)))
                ],
              ),
              false,
            ) && !can(regex("\\[\\]|\\{\\}|[\\[,]\\[", replace(jsonencode(try(jsondecode(var.event_pattern), var.event_pattern)), "/\"(?:[^\"\\\\]|\\\\.)*\"/", "\"\"")))
          )
        ) && length(jsonencode(try(jsondecode(var.event_pattern), var.event_pattern))) <= 2048
      ) : false,
      false,
    )
    error_message = "Invalid event_pattern: must be a table (or its JSON text) whose values are non-empty lists of values to match or non-empty nested tables, with no list directly inside a list, at most 2048 characters as JSON (EventBridge user guide, event patterns; quotas: event pattern size)."
  }
}

variable "header_parameters" {
  description = "Further request headers: a table of header name to a fixed value or to a JSONPath into the event (the whole value, e.g. $.detail.tenant). Allowed: a table of header names (HTTP tokens EventBridge does not set itself) to values of at most 512 printable ASCII characters, or to a JSONPath such as $.detail.tenant."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition = try(
      alltrue(
        [
          for k, v in var.header_parameters : length(k) >= 1
          && length(k) <= 512
          && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", k))
          && !contains(
            [
              "user-agent",
              "content-type",
              "range",
              "accept-encoding",
              "connection",
              "content-length",
              "host",
            ],
            lower(k),
          )
          && (
            startswith(v, "$") ? (length(v) >= 2 && length(v) <= 512 && can(regex("^(?:\\$(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\]|\\.\\*)+)$", v))) : (length(v) >= 1 && length(v) <= 512 && can(regex("^(?:[\\t -~]*[ -~][\\t -~]*)$", v)))
          )
        ],
      ),
      false,
    )
    error_message = "Invalid header_parameters: must be a table of header names (HTTP tokens EventBridge does not set itself) to values of at most 512 printable ASCII characters, or to a JSONPath such as $.detail.tenant (API reference: HttpParameters; user guide, dynamic path parameters)."
  }
}

variable "http_method" {
  description = "HTTP method of every request (AWS CDK's default, which the seed uses). Allowed: one of POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE."
  type        = string
  default     = "POST"
  nullable    = false

  validation {
    condition = try(
      contains(["POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"], var.http_method),
      false,
    )
    error_message = "Invalid http_method: must be one of POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE (API reference: CreateApiDestination)."
  }
}

variable "idempotency_header_name" {
  description = "Header that carries the idempotency key. Allowed: 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host)."
  type        = string
  default     = "Idempotency-Key"
  nullable    = false

  validation {
    condition = try(
      length(var.idempotency_header_name) >= 1
      && length(var.idempotency_header_name) <= 512
      && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", var.idempotency_header_name))
      && !contains(
        [
          "user-agent",
          "content-type",
          "range",
          "accept-encoding",
          "connection",
          "content-length",
          "host",
        ],
        lower(var.idempotency_header_name),
      ),
      false,
    )
    error_message = "Invalid idempotency_header_name: must be 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host) (API reference: HttpParameters; user guide, API destinations)."
  }
}

variable "idempotency_key_path" {
  description = "JSONPath into the event whose value becomes the idempotency key. Allowed: a JSONPath into the event such as $.detail.customID: '$' then .name, [index] or .* parts, and nothing before or after it."
  type        = string
  default     = "$.detail.customID"
  nullable    = false

  validation {
    condition = try(
      length(var.idempotency_key_path) >= 2
      && length(var.idempotency_key_path) <= 512
      && can(regex("^(?:\\$(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\]|\\.\\*)+)$", var.idempotency_key_path)),
      false,
    )
    error_message = "Invalid idempotency_key_path: must be a JSONPath into the event such as $.detail.customID: '$' then .name, [index] or .* parts, and nothing before or after it (EventBridge user guide, dynamic path parameters: the whole value must be the path)."
  }
}

variable "input_paths" {
  description = "Input transformer: names for JSONPaths into the event, used as <name> in input_template. Needs input_template. Allowed: a table of at most 100 entries, keys 1-256 of A-Z, a-z, 0-9, '_' and '-', values a JSONPath into the event such as $.detail.orderId."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition = try(
      length(var.input_paths) <= 100 && alltrue(
        [
          for k, v in var.input_paths : length(k) >= 1
          && length(k) <= 256
          && can(regex("^(?:[A-Za-z0-9_-]+)$", k))
          && length(v) >= 1
          && length(v) <= 256
          && can(regex("^(?:\\$(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\]|\\.\\*)*)$", v))
        ],
      ),
      false,
    )
    error_message = "Invalid input_paths: must be a table of at most 100 entries, keys 1-256 of A-Z, a-z, 0-9, '_' and '-', values a JSONPath into the event such as $.detail.orderId (API reference: InputTransformer (InputPathsMap))."
  }
}

variable "input_template" {
  description = "Input transformer: the request body built from input_paths. Unset sends the event as it is. Allowed: null or 1-8192 characters."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.input_template == null ? true : try(
      length(var.input_template) >= 1 && length(var.input_template) <= 8192,
      false,
    )
    error_message = "Invalid input_template: must be 1-8192 characters (API reference: InputTransformer (InputTemplate))."
  }
}

variable "invocation_parameters" {
  description = "Parameters the connection adds to every request, with any auth type: a list of tables with `location` (header, query_string or body), `key`, and either `value` or `secret = true`, whose value then comes from the sensitive variable `connection_invocation_secrets` (a map from key to value). Allowed: a list of tables with location (header, query_string or body), key (1-512 characters without control characters; for a header an HTTP token that EventBridge does not set itself), and either value (at most 512 characters without control characters; for a header 1-512 printable ASCII characters; not under a key that names a credential) or secret = true."
  type = list(
    object(
      { location = string, key = string, value = optional(string), secret = optional(bool, false) },
    ),
  )
  default  = []
  nullable = false

  validation {
    condition = try(
      alltrue(
        [
          for p in var.invocation_parameters : contains(
            ["header", "query_string", "body"],
            p.location,
          )
          && (
            p.location == "header" ? (
              length(p.key) >= 1
              && length(p.key) <= 512
              && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", p.key))
              && !contains(
                [
                  "user-agent",
                  "content-type",
                  "range",
                  "accept-encoding",
                  "connection",
                  "content-length",
                  "host",
                ],
                lower(p.key),
              )
            ) : (length(p.key) >= 1 && length(p.key) <= 512 && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", p.key)))
          )
          && (
            p.secret ? p.value == null : (
              p.value != null ? (
                (
                  (
                    p.location == "header" ? (length(p.value) >= 1 && length(p.value) <= 512 && can(regex("^(?:[\\t -~]*[ -~][\\t -~]*)$", p.value))) : (length(p.value) >= 0 && length(p.value) <= 512 && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", p.value)))
                  )
                ) && !can(regex("(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)", p.key))
              ) : false
            )
          )
        ],
      ) && length(distinct([for p in var.invocation_parameters : "${p.location} ${lower(p.key)}"])) == length(var.invocation_parameters),
      false,
    )
    error_message = "Invalid invocation_parameters: must be a list of tables with location (header, query_string or body), key (1-512 characters without control characters; for a header an HTTP token that EventBridge does not set itself), and either value (at most 512 characters without control characters; for a header 1-512 printable ASCII characters; not under a key that names a credential) or secret = true (API reference: ConnectionHttpParameters)."
  }
}

variable "invocation_rate_limit_per_second" {
  description = "Maximum requests per second to the endpoint, at least 1 (the seed's 1). Allowed: a whole number of at least 1."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition = try(
      floor(var.invocation_rate_limit_per_second) == var.invocation_rate_limit_per_second
      && var.invocation_rate_limit_per_second >= 1,
      false,
    )
    error_message = "Invalid invocation_rate_limit_per_second: must be a whole number of at least 1 (API reference: CreateApiDestination; the default quota is 300 per second per destination and can be raised)."
  }
}

variable "kms_key_arn" {
  description = "An existing customer managed key to use instead: its ARN, an alias ARN or an alias name; its policy and tags must allow what the README's 'Customer managed keys' lists. Unset, with create_kms_key false, keeps AWS owned keys and SSE-SQS. Allowed: null or a customer managed KMS key: its ARN (arn:aws:kms:eu-west-1:123456789012:key/1234abcd-...), an alias ARN (arn:aws:kms:eu-west-1:123456789012:alias/orders) or an alias name (alias/orders); not an AWS managed key (alias/aws/...), which EventBridge cannot use for the bus, the connections or the dead-letter queue."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.kms_key_arn == null ? true : try(
      length(var.kms_key_arn) >= 7 && length(var.kms_key_arn) <= 2048 && can(
        regex(
          "^(?:arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)|alias/[A-Za-z0-9/_-]+)$",
          var.kms_key_arn,
        ),
      ) && !can(regex("(^|:)alias/aws/", var.kms_key_arn)),
      false,
    )
    error_message = "Invalid kms_key_arn: must be a customer managed KMS key: its ARN (arn:aws:kms:eu-west-1:123456789012:key/1234abcd-...), an alias ARN (arn:aws:kms:eu-west-1:123456789012:alias/orders) or an alias name (alias/orders); not an AWS managed key (alias/aws/...), which EventBridge cannot use for the bus, the connections or the dead-letter queue (EventBridge CreateEventBus and CreateConnection (KmsKeyIdentifier), SQS KmsMasterKeyId; SQS developer guide, key management: AWS services that send to an encrypted queue need a customer managed key)."
  }

  validation {
    condition     = !(var.create_kms_key && var.kms_key_arn != null)
    error_message = "Invalid kms_key_arn: give either kms_key_arn (an existing key) or create_kms_key = true (a new one), not both."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "Seconds EventBridge keeps retrying an event, 60-86400 (AWS's default of 24 hours, which the seed uses). Allowed: a whole number from 60 to 86400."
  type        = number
  default     = 86400
  nullable    = false

  validation {
    condition = try(
      floor(var.maximum_event_age_in_seconds) == var.maximum_event_age_in_seconds
      && var.maximum_event_age_in_seconds >= 60
      && var.maximum_event_age_in_seconds <= 86400,
      false,
    )
    error_message = "Invalid maximum_event_age_in_seconds: must be a whole number from 60 to 86400 (API reference: RetryPolicy)."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries after a 429, a 5xx or a time-out before the event goes to the dead-letter queue, 0-185 (the seed's 3). Allowed: a whole number from 0 to 185."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition = try(
      floor(var.maximum_retry_attempts) == var.maximum_retry_attempts
      && var.maximum_retry_attempts >= 0
      && var.maximum_retry_attempts <= 185,
      false,
    )
    error_message = "Invalid maximum_retry_attempts: must be a whole number from 0 to 185 (API reference: RetryPolicy)."
  }
}

variable "name_prefix" {
  description = "Prefix of every name AWS sees (bus, connection, API destination, rule, queue, role, alarms); unique per instance of the pattern in an account and region. Allowed: 1-40 characters of A-Z, a-z, 0-9, '-' and '_', starting with a letter or digit."
  type        = string

  validation {
    condition = try(
      length(var.name_prefix) >= 1
      && length(var.name_prefix) <= 40
      && can(regex("^(?:[A-Za-z0-9][A-Za-z0-9_-]*)$", var.name_prefix)),
      false,
    )
    error_message = "Invalid name_prefix: must be 1-40 characters of A-Z, a-z, 0-9, '-' and '_', starting with a letter or digit (EventBridge and SQS API references: EventBridge names are at most 64 characters of [.-_A-Za-z0-9], SQS queue names allow no '.', and the prefix leaves room for the longest suffix)."
  }
}

variable "oauth_authorization_endpoint" {
  description = "HTTPS URL of the OAuth token endpoint; required with OAUTH_CLIENT_CREDENTIALS. Allowed: null or an https:// URL of at most 2048 characters: a host, then a path and query of ASCII letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or non-ASCII characters)."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.oauth_authorization_endpoint == null ? true : try(
      length(var.oauth_authorization_endpoint) >= 9 && length(var.oauth_authorization_endpoint) <= 2048 && can(
        regex(
          "^(?:https://[A-Za-z0-9.-]+(:[0-9]+)?([/?](%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])*)?)$",
          var.oauth_authorization_endpoint,
        ),
      ),
      false,
    )
    error_message = "Invalid oauth_authorization_endpoint: must be an https:// URL of at most 2048 characters: a host, then a path and query of ASCII letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or non-ASCII characters) (API reference: CreateConnectionOAuthRequestParameters)."
  }
}

variable "oauth_body_parameters" {
  description = "Extra non-secret body parameters of the OAuth token request (a scope, say). Allowed: null or a table of at most 100 entries, keys 1-512 characters without control characters, values a string of at most 512 characters without control characters, and no key that names a credential (secret, password, token, api key)."
  type        = map(string)
  default     = null
  nullable    = true

  validation {
    condition = var.oauth_body_parameters == null ? true : try(
      length(var.oauth_body_parameters) <= 100
      && alltrue(
        [
          for k, v in var.oauth_body_parameters : length(k) >= 1
          && length(k) <= 512
          && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", k))
          && length(v) >= 0
          && length(v) <= 512
          && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", v))
        ],
      )
      && !anytrue(
        [
          for k in keys(var.oauth_body_parameters) : can(
            regex(
              "(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)",
              k,
            ),
          )
        ],
      ),
      false,
    )
    error_message = "Invalid oauth_body_parameters: must be a table of at most 100 entries, keys 1-512 characters without control characters, values a string of at most 512 characters without control characters, and no key that names a credential (secret, password, token, api key) (API reference: ConnectionHttpParameters; 100 is a reasonable bound, not an AWS limit)."
  }
}

variable "oauth_client_id" {
  description = "OAuth client id; required with OAUTH_CLIENT_CREDENTIALS. Allowed: null or 1-512 characters with no control characters (tabs aside) and no ':', not tabs alone."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.oauth_client_id == null ? true : try(
      length(var.oauth_client_id) >= 1 && length(var.oauth_client_id) <= 512 && can(
        regex(
          "^(?:[^\\x00-\\x08\\x0a-\\x1f:\\x7f]*[^\\x00-\\x1f:\\x7f][^\\x00-\\x08\\x0a-\\x1f:\\x7f]*)$",
          var.oauth_client_id,
        ),
      ),
      false,
    )
    error_message = "Invalid oauth_client_id: must be 1-512 characters with no control characters (tabs aside) and no ':', not tabs alone (API reference: CreateConnectionApiKeyAuthRequestParameters, CreateConnectionBasicAuthRequestParameters, CreateConnectionOAuthClientRequestParameters)."
  }
}

variable "oauth_header_parameters" {
  description = "Extra non-secret header parameters of the OAuth token request. Allowed: null or a table of at most 100 entries, keys 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host), values 1-512 printable ASCII characters (letters, digits, punctuation, spaces and tabs), not empty and not tabs alone, and no key that names a credential (secret, password, token, api key)."
  type        = map(string)
  default     = null
  nullable    = true

  validation {
    condition = var.oauth_header_parameters == null ? true : try(
      length(var.oauth_header_parameters) <= 100 && alltrue(
        [
          for k, v in var.oauth_header_parameters : length(k) >= 1
          && length(k) <= 512
          && can(regex("^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$", k))
          && !contains(
            [
              "user-agent",
              "content-type",
              "range",
              "accept-encoding",
              "connection",
              "content-length",
              "host",
            ],
            lower(k),
          )
          && length(v) >= 1
          && length(v) <= 512
          && can(regex("^(?:[\\t -~]*[ -~][\\t -~]*)$", v))
        ],
      ) && !anytrue([for k in keys(var.oauth_header_parameters) : can(regex("(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)", k))]),
      false,
    )
    error_message = "Invalid oauth_header_parameters: must be a table of at most 100 entries, keys 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header EventBridge sets itself (user-agent, content-type, range, accept-encoding, connection, content-length, host), values 1-512 printable ASCII characters (letters, digits, punctuation, spaces and tabs), not empty and not tabs alone, and no key that names a credential (secret, password, token, api key) (API reference: ConnectionHttpParameters; 100 is a reasonable bound, not an AWS limit)."
  }
}

variable "oauth_http_method" {
  description = "HTTP method of the OAuth token request (unset: POST). Allowed: null or one of GET, POST, PUT."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.oauth_http_method == null ? true : try(
      contains(["GET", "POST", "PUT"], var.oauth_http_method),
      false,
    )
    error_message = "Invalid oauth_http_method: must be one of GET, POST, PUT (API reference: CreateConnectionOAuthRequestParameters)."
  }
}

variable "oauth_query_parameters" {
  description = "Extra non-secret query parameters of the OAuth token request. Allowed: null or a table of at most 100 entries, keys 1-512 characters without control characters, values a string of at most 512 characters without control characters, and no key that names a credential (secret, password, token, api key)."
  type        = map(string)
  default     = null
  nullable    = true

  validation {
    condition = var.oauth_query_parameters == null ? true : try(
      length(var.oauth_query_parameters) <= 100
      && alltrue(
        [
          for k, v in var.oauth_query_parameters : length(k) >= 1
          && length(k) <= 512
          && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", k))
          && length(v) >= 0
          && length(v) <= 512
          && can(regex("^(?:[^\\x00-\\x1f\\x7f]*)$", v))
        ],
      )
      && !anytrue(
        [
          for k in keys(var.oauth_query_parameters) : can(
            regex(
              "(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)",
              k,
            ),
          )
        ],
      ),
      false,
    )
    error_message = "Invalid oauth_query_parameters: must be a table of at most 100 entries, keys 1-512 characters without control characters, values a string of at most 512 characters without control characters, and no key that names a credential (secret, password, token, api key) (API reference: ConnectionHttpParameters; 100 is a reasonable bound, not an AWS limit)."
  }
}

variable "path_parameter_values" {
  description = "Values for the `*` wildcards of the endpoint's path, in order: fixed text or a JSONPath into the event (e.g. $.detail.orderId). At most one per wildcard. Allowed: a list of at most 100, each a value (or a JSONPath into the event) that is not only white space, on one line."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition = try(
      length(var.path_parameter_values) <= 100 && alltrue(
        [
          for x in var.path_parameter_values : length(x) >= 1 && length(x) <= 512 && can(
            regex("^(?:[^\\n\\r]*[^\\t\\n\\x0b\\f\\r ][^\\n\\r]*)$", x),
          )
        ],
      ),
      false,
    )
    error_message = "Invalid path_parameter_values: must be a list of at most 100, each a value (or a JSONPath into the event) that is not only white space, on one line (API reference: HttpParameters; one per '*' in the endpoint, in order; 100 is a reasonable bound, not an AWS limit)."
  }

  validation {
    condition = var.endpoint == null || try(
      length(var.path_parameter_values) <= length(split("*", var.endpoint)) - 1,
      false,
    )
    error_message = "Invalid path_parameter_values: more values than '*' wildcards in the endpoint; each value fills the next '*' in the endpoint's path (API reference: HttpParameters)."
  }
}

variable "query_string_parameters" {
  description = "Query string parameters of every request: a table of key to fixed text or to a JSONPath into the event. Allowed: a table of at most 100 entries, keys 1-512 characters without control characters, values 1-512 characters without control characters (line breaks aside), or a JSONPath into the event."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition = try(
      length(var.query_string_parameters) <= 100 && alltrue(
        [
          for k, v in var.query_string_parameters : length(k) >= 1
          && length(k) <= 512
          && can(regex("^(?:[^\\x00-\\x1f\\x7f]+)$", k))
          && length(v) >= 1
          && length(v) <= 512
          && can(regex("^(?:[^\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f]+)$", v))
        ],
      ),
      false,
    )
    error_message = "Invalid query_string_parameters: must be a table of at most 100 entries, keys 1-512 characters without control characters, values 1-512 characters without control characters (line breaks aside), or a JSONPath into the event (API reference: HttpParameters; 100 is a reasonable bound, not an AWS limit)."
  }
}

variable "role_path" {
  description = "IAM path of the roles EventBridge assumes to invoke the destinations (unset: /). Allowed: null or an IAM path: '/' alone, or starting and ending with '/' with printable ASCII between, e.g. /service-role/."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.role_path == null ? true : try(
      length(var.role_path) >= 1
      && length(var.role_path) <= 512
      && can(regex("^(?:/|/[!-~]+/)$", var.role_path)),
      false,
    )
    error_message = "Invalid role_path: must be an IAM path: '/' alone, or starting and ending with '/' with printable ASCII between, e.g. /service-role/ (IAM API reference: CreateRole (Path))."
  }
}

variable "role_permissions_boundary" {
  description = "ARN of a managed policy set as the permissions boundary of those roles. Allowed: null or the ARN of a managed IAM policy, e.g. arn:aws:iam::123456789012:policy/boundary."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition = var.role_permissions_boundary == null ? true : try(
      length(var.role_permissions_boundary) >= 20
      && length(var.role_permissions_boundary) <= 2048
      && can(
        regex(
          "^(?:arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/[!-~]+)$",
          var.role_permissions_boundary,
        ),
      ),
      false,
    )
    error_message = "Invalid role_permissions_boundary: must be the ARN of a managed IAM policy, e.g. arn:aws:iam::123456789012:policy/boundary (IAM API reference: CreateRole (PermissionsBoundary))."
  }
}

variable "rule_state" {
  description = "State of the main rule: ENABLED, or DISABLED to stop sending its events (they are not kept; an archive keeps them for replay). Allowed: one of ENABLED, DISABLED."
  type        = string
  default     = "ENABLED"
  nullable    = false

  validation {
    condition     = try(contains(["ENABLED", "DISABLED"], var.rule_state), false)
    error_message = "Invalid rule_state: must be one of ENABLED, DISABLED (API reference: PutRule (State))."
  }
}

variable "tags" {
  description = "Tags for every taggable resource (at most 49: AWS allows 50 and the key carries one of the pattern's own). Allowed: a table of at most 49 tags (AWS allows 50 per resource; the pattern adds EventBridgeApiDestinations to its key): keys of 1-128 and values of at most 256 Unicode letters, digits, spaces and _ . : / = + - @, keys not starting with 'aws:' and differing in more than case (IAM compares tag keys without case)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition = try(
      length(var.tags) <= 49 && length(distinct([for k in keys(var.tags) : lower(k)])) == length(var.tags) && alltrue(
        [
          for k, v in var.tags : length(k) >= 1
          && length(k) <= 128
          && !startswith(lower(k), "aws:")
          && length(v) <= 256
          && can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$", k))
          && can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$", v))
        ],
      ),
      false,
    )
    error_message = "Invalid tags: must be a table of at most 49 tags (AWS allows 50 per resource; the pattern adds EventBridgeApiDestinations to its key): keys of 1-128 and values of at most 256 Unicode letters, digits, spaces and _ . : / = + - @, keys not starting with 'aws:' and differing in more than case (IAM compares tag keys without case) (AWS tagging API: TagResource limits and allowed characters)."
  }
}
