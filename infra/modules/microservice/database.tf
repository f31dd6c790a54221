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

  name        = local.prefix
  description = "TLS-only ${var.database_engine} for ${local.prefix}"
  family      = local.database.family

  parameter {
    name         = local.database_tls_parameter.name
    value        = local.database_tls_parameter.value
    apply_method = "pending-reboot"
  }

  tags = local.tags
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
  deletion_protection       = local.is_prod
  skip_final_snapshot       = !local.is_prod
  final_snapshot_identifier = local.is_prod ? "${local.prefix}-final" : null
  copy_tags_to_snapshot     = true

  performance_insights_enabled          = local.is_prod
  performance_insights_kms_key_id       = local.is_prod ? aws_kms_key.this[0].arn : null
  performance_insights_retention_period = local.is_prod ? 7 : null

  auto_minor_version_upgrade = true
  apply_immediately          = !local.is_prod

  tags = local.tags
}

# Aurora cluster: aurora-postgresql or aurora-mysql ----------------------------------------------

resource "aws_rds_cluster_parameter_group" "this" {
  count = local.is_aurora ? 1 : 0

  name        = local.prefix
  description = "TLS-only ${var.database_engine} for ${local.prefix}"
  family      = local.database.family

  parameter {
    name         = local.database_tls_parameter.name
    value        = local.database_tls_parameter.value
    apply_method = "pending-reboot"
  }

  tags = local.tags
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
  deletion_protection       = local.is_prod
  skip_final_snapshot       = !local.is_prod
  final_snapshot_identifier = local.is_prod ? "${local.prefix}-final" : null
  copy_tags_to_snapshot     = true

  apply_immediately = !local.is_prod

  tags = local.tags
}

# Instance 0 is the writer; readers spread over the subnet group's zones (multi-AZ in prod).
resource "aws_rds_cluster_instance" "this" {
  count = local.is_aurora ? 1 + local.database_reader_count : 0

  identifier          = "${local.prefix}-${count.index}"
  cluster_identifier  = aws_rds_cluster.this[0].id
  engine              = var.database_engine
  engine_version      = local.database.version
  instance_class      = local.database_instance_class
  publicly_accessible = false

  performance_insights_enabled          = local.is_prod
  performance_insights_kms_key_id       = local.is_prod ? aws_kms_key.this[0].arn : null
  performance_insights_retention_period = local.is_prod ? 7 : null

  auto_minor_version_upgrade = true
  apply_immediately          = !local.is_prod

  tags = local.tags
}
