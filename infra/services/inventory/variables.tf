# The stack's own inputs, from env/<env>.tfvars; everything about the environment comes from
# module "platform".

variable "environment" {
  description = "sandbox, dev, staging or prod; must match the tfvars file it comes from."
  type        = string

  validation {
    condition     = contains(["sandbox", "dev", "staging", "prod"], var.environment)
    error_message = "environment must be sandbox, dev, staging or prod: pass -var-file=env/<env>.tfvars."
  }
}

variable "listener_rule_priority" {
  description = "Priority of inventory's rule on the shared HTTPS listener, unique per listener."
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
