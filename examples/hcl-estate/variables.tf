variable "region" {
  description = "AWS region of the estate."
  type        = string
  default     = "eu-west-1"
}

variable "endpoint" {
  description = "HTTPS URL that receives the order events."
  type        = string
}

variable "api_key" {
  description = "API key the receiving API expects; give it with TF_VAR_api_key from your secret store."
  type        = string
  sensitive   = true
}
