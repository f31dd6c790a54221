# Database logs and OS metrics (policy FAB-TF-017 and FAB-TF-018, docs/policy.md).
# The log groups exist before the database, so RDS writes into groups with a retention and the
# service's KMS key instead of creating its own that keep logs forever, unencrypted by us.
locals {
  # What each engine can export (RDS user guide, "Publishing database logs to CloudWatch Logs").
  database_log_types = {
    postgres            = ["postgresql", "upgrade"]
    "aurora-postgresql" = ["postgresql"]
    mysql               = ["audit", "error", "slowquery"]
    "aurora-mysql"      = ["audit", "error", "slowquery"]
  }
  database_log_exports = local.database_enabled ? local.database_log_types[var.database_engine] : []
  # RDS names the groups after the instance or the cluster.
  database_log_group_prefix = "/aws/rds/${local.is_aurora ? "cluster" : "instance"}/${local.prefix}"
  # A year in prod (FAB-TF-081); a month elsewhere, where the logs only serve debugging.
  database_log_retention_days = local.is_prod ? 365 : 30
  # Enhanced monitoring every 60 s: OS metrics into CloudWatch Logs (RDSOSMetrics).
  database_monitoring_interval = 60
}

resource "aws_cloudwatch_log_group" "database" {
  for_each = toset(local.database_log_exports)

  name              = "${local.database_log_group_prefix}/${each.key}"
  retention_in_days = local.database_log_retention_days
  kms_key_id        = aws_kms_key.this[0].arn
  tags              = local.tags
}

# The role RDS assumes to publish enhanced monitoring metrics (AWS managed policy for it).
resource "aws_iam_role" "rds_monitoring" {
  count = local.database_enabled ? 1 : 0

  name = "${local.prefix}-rds-monitoring"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  count = local.database_enabled ? 1 : 0

  role       = aws_iam_role.rds_monitoring[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}
