# What apps/billing/deploy/<env>.yaml needs from this stack.

output "irsa_role_arn" {
  description = "serviceAccount.roleArn in the service's values."
  value       = module.service.irsa_role_arn
}

output "target_group_arn" {
  description = "Target group the shared listener forwards /billing to."
  value       = module.service.target_group_arn
}

output "service_security_group_id" {
  description = "Security group for the service's pods."
  value       = module.service.service_security_group_id
}

output "database_endpoint" {
  description = "config.DB_HOST in the service's values."
  value       = module.service.database_endpoint
}

output "database_port" {
  description = "config.DB_PORT in the service's values."
  value       = module.service.database_port
}

output "database_secret_arn" {
  description = "externalSecret.remoteKey in the service's values."
  value       = module.service.database_secret_arn
}
