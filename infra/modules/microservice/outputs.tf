# Outputs of a disabled part are null, so stacks can pass them on unconditionally (chart_values,
# at the end, leaves such parts out instead).

output "database_endpoint" {
  description = "Writer hostname of the database (RDS instance address or Aurora cluster endpoint); null without a database."
  value       = try(aws_db_instance.this[0].address, aws_rds_cluster.this[0].endpoint, null)
}

output "database_reader_endpoint" {
  description = "Aurora reader endpoint; null for RDS instances and without a database."
  value       = try(aws_rds_cluster.this[0].reader_endpoint, null)
}

output "database_port" {
  description = "Database port (5432 for PostgreSQL, 3306 for MySQL); null without a database."
  value       = try(local.database.port, null)
}

output "database_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret holding the master credentials; null without a database."
  value       = local.database_secret_arn
}

output "redis_endpoint" {
  description = "Primary endpoint of the Redis replication group (TLS, IAM auth as `redis_user`); null without a cache."
  value       = try(aws_elasticache_replication_group.this[0].primary_endpoint_address, null)
}

output "redis_user" {
  description = "Redis user the service authenticates as with its IRSA role; null without a cache."
  value       = try(aws_elasticache_user.app[0].user_id, null)
}

output "queue_url" {
  description = "URL of the SQS queue; null without a queue."
  value       = try(aws_sqs_queue.this[0].url, null)
}

output "queue_arn" {
  description = "ARN of the SQS queue; null without a queue."
  value       = try(aws_sqs_queue.this[0].arn, null)
}

output "dlq_url" {
  description = "URL of the dead-letter queue; null without a queue."
  value       = try(aws_sqs_queue.dlq[0].url, null)
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue; null without a queue."
  value       = try(aws_sqs_queue.dlq[0].arn, null)
}

output "kms_key_arn" {
  description = "ARN of the service's KMS key; null when no stateful part is enabled."
  value       = try(aws_kms_key.this[0].arn, null)
}

output "irsa_role_arn" {
  description = "ARN of the IRSA role, for the service account annotation `eks.amazonaws.com/role-arn`."
  value       = aws_iam_role.irsa.arn
}

output "target_group_arn" {
  description = "ARN of the ALB target group (type ip) the listener rule forwards to."
  value       = aws_lb_target_group.this.arn
}

output "service_security_group_id" {
  description = "Security group for the service's pods."
  value       = aws_security_group.service.id
}

output "database_security_group_id" {
  description = "Security group of the database; null without a database."
  value       = try(aws_security_group.database[0].id, null)
}

output "cache_security_group_id" {
  description = "Security group of the cache; null without a cache."
  value       = try(aws_security_group.cache[0].id, null)
}

output "rolesanywhere_profile_arn" {
  description = "ARN of the service's IAM Roles Anywhere profile (sessions of the IRSA role at the plants); null without a trust anchor."
  value       = try(aws_rolesanywhere_profile.this[0].arn, null)
}

output "chart_values" {
  description = "The chart values the stack decides, in the shape of ADR 0008's appendix; `apply` writes them to `apps/<svc>/deploy/stack/<env>.yaml`. Keys of a part that is off are absent."
  value       = local.chart_values
}

output "alarm_arns" {
  description = "ARNs of the service's CloudWatch alarms by name (empty without alarm_topic_arn)."
  value = {
    for alarm in concat(
      aws_cloudwatch_metric_alarm.dlq_depth, aws_cloudwatch_metric_alarm.dlq_age,
      values(aws_cloudwatch_metric_alarm.database),
      aws_cloudwatch_metric_alarm.cache_memory, aws_cloudwatch_metric_alarm.cache_evictions,
    ) : alarm.alarm_name => alarm.arn
  }
}
