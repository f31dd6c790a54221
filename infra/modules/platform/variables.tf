variable "environment" {
  description = "Environment whose facts to return: sandbox, dev, staging or prod (reads `environments/<environment>.yaml`)."
  type        = string

  validation {
    condition     = contains(["sandbox", "dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of sandbox, dev, staging, prod (a file environments/<environment>.yaml of infra/modules/platform)."
  }
}

variable "facts_file" {
  description = "Tests only: read this YAML file instead of `environments/<environment>.yaml`. Stacks never set it."
  type        = string
  default     = null

  validation {
    condition     = var.facts_file == null || can(regex("\\.ya?ml$", coalesce(var.facts_file, "x.yaml")))
    error_message = "facts_file must name a .yaml file, or be null (stacks leave it null)."
  }
}
