# CloudWatch alarms for what Prometheus cannot see from inside the cluster: the dead-letter queue,
# the database and the cache. Each goes to the environment's SNS topic (platform fact
# alarms.sns_topic_arn); with no topic there are no alarms. Metric names and dimensions: the
# CloudWatch metrics pages of Amazon SQS, Amazon RDS / Aurora and Amazon ElastiCache (docs/observability.md).
locals {
  alarms_enabled = var.alarm_topic_arn != null
  alarm_actions  = local.alarms_enabled ? [var.alarm_topic_arn] : []
  thresholds     = var.alarm_thresholds

  # RDS publishes instance metrics by DBInstanceIdentifier, Aurora cluster-wide by DBClusterIdentifier.
  database_dimensions = local.is_aurora ? { DBClusterIdentifier = local.prefix } : { DBInstanceIdentifier = local.prefix }
  database_alarms = local.alarms_enabled && local.database_enabled ? {
    cpu = {
      metric      = "CPUUtilization"
      statistic   = "Average"
      comparison  = "GreaterThanThreshold"
      threshold   = local.thresholds.database_cpu_percent
      periods     = 3
      description = "CPU above ${local.thresholds.database_cpu_percent}% for 15 minutes."
    }
    connections = {
      metric      = "DatabaseConnections"
      statistic   = "Maximum"
      comparison  = "GreaterThanThreshold"
      threshold   = local.thresholds.database_connections
      periods     = 3
      description = "More than ${local.thresholds.database_connections} connections for 15 minutes."
    }
    # RDS: free storage below the share of allocated storage; Aurora's volume grows on its own, so
    # its local (temporary) storage is what can run out.
    storage = {
      metric      = local.is_aurora ? "FreeLocalStorage" : "FreeStorageSpace"
      statistic   = "Minimum"
      comparison  = "LessThanThreshold"
      threshold   = local.is_aurora ? local.thresholds.aurora_free_local_storage_gib * 1073741824 : local.database_storage_gib * 1073741824 * local.thresholds.database_free_storage_percent / 100
      periods     = 1
      description = local.is_aurora ? "Less than ${local.thresholds.aurora_free_local_storage_gib} GiB of local storage free." : "Less than ${local.thresholds.database_free_storage_percent}% of the allocated storage free."
    }
  } : {}

  # Redis replication groups name their member clusters <id>-001, <id>-002, ...
  cache_cluster_ids = local.alarms_enabled && var.cache_enabled ? [for i in range(local.cache_nodes) : format("%s-%03d", local.prefix, i + 1)] : []
}

resource "aws_cloudwatch_metric_alarm" "dlq_depth" {
  count = local.alarms_enabled && var.queue_enabled ? 1 : 0

  alarm_name          = "${local.prefix}-dlq-depth"
  alarm_description   = "${var.name} (${var.environment}): messages in the dead-letter queue; they failed ${var.queue_max_receive_count} times."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq[0].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = local.thresholds.dlq_messages
  # SQS stops publishing for an idle queue: no data is no message.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions
  tags               = local.tags
}

resource "aws_cloudwatch_metric_alarm" "dlq_age" {
  count = local.alarms_enabled && var.queue_enabled ? 1 : 0

  alarm_name          = "${local.prefix}-dlq-age"
  alarm_description   = "${var.name} (${var.environment}): a dead-letter message has waited over ${local.thresholds.dlq_oldest_message_seconds} s; the DLQ keeps messages 14 days."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.dlq[0].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = local.thresholds.dlq_oldest_message_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "database" {
  for_each = local.database_alarms

  alarm_name          = "${local.prefix}-database-${each.key}"
  alarm_description   = "${var.name} (${var.environment}) ${var.database_engine}: ${each.value.description}"
  namespace           = "AWS/RDS"
  metric_name         = each.value.metric
  dimensions          = local.database_dimensions
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = each.value.periods
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "cache_memory" {
  count = length(local.cache_cluster_ids)

  alarm_name          = "${local.cache_cluster_ids[count.index]}-memory"
  alarm_description   = "${var.name} (${var.environment}) Redis node ${local.cache_cluster_ids[count.index]}: memory above ${local.thresholds.cache_memory_percent}% of maxmemory for 15 minutes."
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  dimensions          = { CacheClusterId = local.cache_cluster_ids[count.index] }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = local.thresholds.cache_memory_percent
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "cache_evictions" {
  count = length(local.cache_cluster_ids)

  alarm_name          = "${local.cache_cluster_ids[count.index]}-evictions"
  alarm_description   = "${var.name} (${var.environment}) Redis node ${local.cache_cluster_ids[count.index]}: keys evicted for lack of memory."
  namespace           = "AWS/ElastiCache"
  metric_name         = "Evictions"
  dimensions          = { CacheClusterId = local.cache_cluster_ids[count.index] }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = local.thresholds.cache_evictions
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}
