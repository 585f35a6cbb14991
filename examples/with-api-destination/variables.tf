variable "region" {
  description = "AWS region of the bus and its destinations."
  type        = string
  default     = "eu-west-1"
}

variable "name_prefix" {
  description = "Prefix of every name AWS sees; unique per instance in the account and region."
  type        = string
  default     = "shop"
}

variable "requestbin_password" {
  description = "Password of the requestbin endpoint's BASIC auth; give it with TF_VAR_requestbin_password."
  type        = string
  sensitive   = true
}

variable "requestbin_body_secret" {
  description = "Value of the secret body parameter sent to requestbin on every request."
  type        = string
  sensitive   = true
}

variable "github_signature" {
  description = "API key sent to the github endpoint in x-signature-id."
  type        = string
  sensitive   = true
}

variable "smee_client_secret" {
  description = "OAuth client secret of the smee endpoint."
  type        = string
  sensitive   = true
}
