# What apps/audit/deploy/<env>.yaml needs from this stack.

output "irsa_role_arn" {
  description = "serviceAccount.roleArn in the service's values."
  value       = module.service.irsa_role_arn
}

output "target_group_arn" {
  description = "Target group the shared listener forwards /audit/v1 to."
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

output "redis_endpoint" {
  description = "config.REDIS_HOST in the service's values."
  value       = module.service.redis_endpoint
}

output "redis_user" {
  description = "config.REDIS_USER in the service's values."
  value       = module.service.redis_user
}

output "queue_url" {
  description = "config.QUEUE_URL in the service's values."
  value       = module.service.queue_url
}

output "dlq_url" {
  description = "config.DLQ_URL in the service's values."
  value       = module.service.dlq_url
}
