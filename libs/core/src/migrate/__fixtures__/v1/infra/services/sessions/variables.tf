# Per-environment inputs from env/<env>.tfvars; the module validates the ids themselves.

variable "environment" {
  description = "sandbox, dev, staging or prod; must match the tfvars file it comes from."
  type        = string

  validation {
    condition     = contains(["sandbox", "dev", "staging", "prod"], var.environment)
    error_message = "environment must be sandbox, dev, staging or prod: pass -var-file=env/<env>.tfvars."
  }
}

variable "region" {
  description = "AWS region of the environment, for example eu-west-1."
  type        = string
}

variable "account_id" {
  description = "AWS account id of the environment (12 digits)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be the environment's 12-digit AWS account id."
  }
}

variable "vpc_id" {
  description = "VPC of the environment's cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets in at least two availability zones."
  type        = list(string)
}

variable "oidc_provider_arn" {
  description = "IAM OIDC provider of the environment's EKS cluster (IRSA trust)."
  type        = string
}

variable "alb_listener_arn" {
  description = "Listener of the environment's shared application load balancer."
  type        = string
}

variable "listener_rule_priority" {
  description = "Priority of sessions's rule on the shared listener, unique per listener."
  type        = number
}

variable "host" {
  description = "Optional host header the listener rule also matches; null matches any host."
  type        = string
  default     = null
}

variable "team" {
  description = "Owning team, written to the team tag of every resource."
  type        = string
  default     = "platform"
}
