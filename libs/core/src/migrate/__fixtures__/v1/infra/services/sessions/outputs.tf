# What apps/sessions/deploy/<env>.yaml needs from this stack.

output "irsa_role_arn" {
  description = "serviceAccount.roleArn in the service's values."
  value       = module.service.irsa_role_arn
}

output "target_group_arn" {
  description = "Target group the shared listener forwards /sessions to."
  value       = module.service.target_group_arn
}

output "service_security_group_id" {
  description = "Security group for the service's pods."
  value       = module.service.service_security_group_id
}

output "redis_endpoint" {
  description = "config.REDIS_HOST in the service's values."
  value       = module.service.redis_endpoint
}

output "redis_user" {
  description = "config.REDIS_USER in the service's values."
  value       = module.service.redis_user
}
