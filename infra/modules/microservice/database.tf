resource "aws_db_subnet_group" "this" {
  count = local.database_enabled ? 1 : 0

  name        = local.prefix
  description = "Private subnets of ${local.prefix}"
  subnet_ids  = var.subnet_ids
  tags        = local.tags
}

# RDS instance: postgres or mysql ----------------------------------------------------------------

resource "aws_db_parameter_group" "this" {
  count = local.is_rds_instance ? 1 : 0

  # A new major needs a group of the new family while the database still uses the old one:
  # a fixed name could not exist twice, so the name is a prefix and the new group comes first.
  name_prefix = "${local.prefix}-"
  description = "TLS-only ${var.database_engine} for ${local.prefix}"
  family      = local.database.family

  parameter {
    name         = local.database_tls_parameter.name
    value        = local.database_tls_parameter.value
    apply_method = "pending-reboot"
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  count = local.is_rds_instance ? 1 : 0

  identifier     = local.prefix
  engine         = var.database_engine
  engine_version = local.database.version
  instance_class = local.database_instance_class
  port           = local.database.port
  db_name        = local.database_name

  # RDS generates the password and keeps it in Secrets Manager, encrypted with our key.
  username                      = local.database_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = aws_kms_key.this[0].arn

  allocated_storage     = local.database_storage_gib
  max_allocated_storage = local.database_storage_gib * 5
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.this[0].arn

  db_subnet_group_name   = aws_db_subnet_group.this[0].name
  vpc_security_group_ids = [aws_security_group.database[0].id]
  parameter_group_name   = aws_db_parameter_group.this[0].name
  publicly_accessible    = false
  multi_az               = local.is_prod

  backup_retention_period   = local.database_backup_retention
  deletion_protection       = local.database_deletion_protection
  skip_final_snapshot       = !local.is_prod
  final_snapshot_identifier = local.is_prod ? local.final_snapshot_identifier : null
  delete_automated_backups  = !local.is_prod
  copy_tags_to_snapshot     = true

  performance_insights_enabled          = local.is_prod
  performance_insights_kms_key_id       = local.is_prod ? aws_kms_key.this[0].arn : null
  performance_insights_retention_period = local.is_prod ? 7 : null

  # Policy FAB-TF-013, -017, -018 (docs/policy.md): pods may sign in with IAM, the engine's logs
  # go to the log groups of database_logs.tf, enhanced monitoring reports OS metrics.
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = local.database_log_exports
  monitoring_interval                 = local.database_monitoring_interval
  monitoring_role_arn                 = aws_iam_role.rds_monitoring[0].arn

  engine_lifecycle_support    = local.database_lifecycle_support
  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = true
  apply_immediately           = !local.is_prod

  tags = local.tags

  lifecycle {
    # The snapshot name carries the creation time: fixed at create so a later plan does not
    # rename it, unique so a second destroy (after a re-create) does not collide.
    ignore_changes = [final_snapshot_identifier]
  }
}

# Aurora cluster: aurora-postgresql or aurora-mysql ----------------------------------------------

resource "aws_rds_cluster_parameter_group" "this" {
  count = local.is_aurora ? 1 : 0

  # A new major needs a group of the new family while the database still uses the old one:
  # a fixed name could not exist twice, so the name is a prefix and the new group comes first.
  name_prefix = "${local.prefix}-"
  description = "TLS-only ${var.database_engine} for ${local.prefix}"
  family      = local.database.family

  parameter {
    name         = local.database_tls_parameter.name
    value        = local.database_tls_parameter.value
    apply_method = "pending-reboot"
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_rds_cluster" "this" {
  count = local.is_aurora ? 1 : 0

  cluster_identifier = local.prefix
  engine             = var.database_engine
  engine_version     = local.database.version
  port               = local.database.port
  database_name      = local.database_name

  master_username               = local.database_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = aws_kms_key.this[0].arn

  storage_encrypted = true
  kms_key_id        = aws_kms_key.this[0].arn

  db_subnet_group_name            = aws_db_subnet_group.this[0].name
  vpc_security_group_ids          = [aws_security_group.database[0].id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this[0].name

  backup_retention_period   = local.database_backup_retention
  deletion_protection       = local.database_deletion_protection
  skip_final_snapshot       = !local.is_prod
  final_snapshot_identifier = local.is_prod ? local.final_snapshot_identifier : null
  copy_tags_to_snapshot     = true

  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = local.database_log_exports

  engine_lifecycle_support    = local.database_lifecycle_support
  allow_major_version_upgrade = true
  apply_immediately           = !local.is_prod

  # Serverless v2 instances (db.serverless) need the cluster's capacity range.
  dynamic "serverlessv2_scaling_configuration" {
    for_each = local.database_serverless ? [var.database_serverless_capacity] : []
    content {
      min_capacity = serverlessv2_scaling_configuration.value.min
      max_capacity = serverlessv2_scaling_configuration.value.max
    }
  }

  tags = local.tags

  lifecycle {
    ignore_changes = [final_snapshot_identifier]
  }

  depends_on = [aws_cloudwatch_log_group.database]
}

# Instance 0 is the writer; readers spread over the subnet group's zones (multi-AZ in prod). No
# engine_version here: the instances follow the cluster, and a second copy would diff after an upgrade.
resource "aws_rds_cluster_instance" "this" {
  count = local.is_aurora ? 1 + local.database_reader_count : 0

  identifier          = "${local.prefix}-${count.index}"
  cluster_identifier  = aws_rds_cluster.this[0].id
  engine              = var.database_engine
  instance_class      = local.database_instance_class
  publicly_accessible = false

  performance_insights_enabled          = local.is_prod
  performance_insights_kms_key_id       = local.is_prod ? aws_kms_key.this[0].arn : null
  performance_insights_retention_period = local.is_prod ? 7 : null

  monitoring_interval = local.database_monitoring_interval
  monitoring_role_arn = aws_iam_role.rds_monitoring[0].arn

  auto_minor_version_upgrade = true
  apply_immediately          = !local.is_prod

  tags = local.tags
}
