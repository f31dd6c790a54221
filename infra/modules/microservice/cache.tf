resource "aws_elasticache_subnet_group" "this" {
  count = var.cache_enabled ? 1 : 0

  name        = local.prefix
  description = "Private subnets of ${local.prefix}"
  subnet_ids  = var.subnet_ids
  tags        = local.tags
}

# Auth without a plaintext secret: RBAC with IAM authentication. The mandatory `default` user
# is switched off, and the service signs in as `<prefix>-app` with its IRSA role.
resource "aws_elasticache_user" "default" {
  count = var.cache_enabled ? 1 : 0

  user_id       = "${local.prefix}-default"
  user_name     = "default"
  engine        = "redis"
  access_string = "off -@all"

  authentication_mode {
    type = "no-password-required"
  }

  tags = local.tags

  lifecycle {
    # CreateUser takes `no-password-required`, DescribeUsers reports it as `no-password`, and the
    # provider stores what it reads: without this every plan would modify the user again.
    ignore_changes = [authentication_mode]
  }
}

resource "aws_elasticache_user" "app" {
  count = var.cache_enabled ? 1 : 0

  # IAM authentication requires user_name to equal user_id.
  user_id       = "${local.prefix}-app"
  user_name     = "${local.prefix}-app"
  engine        = "redis"
  access_string = "on ~* +@all -@dangerous"

  authentication_mode {
    type = "iam"
  }

  tags = local.tags
}

resource "aws_elasticache_user_group" "this" {
  count = var.cache_enabled ? 1 : 0

  user_group_id = local.prefix
  engine        = "redis"
  user_ids      = [aws_elasticache_user.default[0].user_id, aws_elasticache_user.app[0].user_id]
  tags          = local.tags
}

resource "aws_elasticache_replication_group" "this" {
  count = var.cache_enabled ? 1 : 0

  replication_group_id = local.prefix
  description          = "Redis of ${local.prefix}"
  engine               = "redis"
  engine_version       = "7.1"
  parameter_group_name = "default.redis7"
  node_type            = local.cache_node_type
  port                 = local.cache_port

  # prod: a replica in another zone with automatic failover; elsewhere one node.
  num_cache_clusters         = local.cache_nodes
  automatic_failover_enabled = local.is_prod
  multi_az_enabled           = local.is_prod

  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.this[0].arn
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  user_group_ids             = [aws_elasticache_user_group.this[0].user_group_id]

  subnet_group_name  = aws_elasticache_subnet_group.this[0].name
  security_group_ids = [aws_security_group.cache[0].id]

  snapshot_retention_limit   = local.is_prod ? 7 : 0
  auto_minor_version_upgrade = true
  apply_immediately          = !local.is_prod

  tags = local.tags
}
