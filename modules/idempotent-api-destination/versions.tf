# The Terraform and AWS provider versions the module needs.

terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.100.0, < 7.0.0" }
  }
}
