locals {
  # Every AWS name derives from this prefix (docs/contracts.md, "Derived AWS names").
  prefix = "${var.name}-${var.environment}"

  # prod is highly available and protected; sandbox, dev and staging are small and disposable.
  is_prod = var.environment == "prod"

  # The partition comes from an input ARN, so plans need no data source (aws, aws-cn, aws-us-gov).
  partition = split(":", var.oidc_provider_arn)[1]

  tags = merge(var.tags, {
    service     = var.name
    environment = var.environment
    team        = var.team
    managed-by  = "terraform"
  })

  namespace       = coalesce(var.namespace, var.name)
  service_account = coalesce(var.service_account, var.name)
  path_prefix     = coalesce(var.path_prefix, "/${var.name}")

  database_enabled = var.database_engine != "none"
  is_aurora        = startswith(var.database_engine, "aurora-")
  is_rds_instance  = local.database_enabled && !local.is_aurora
  is_postgres      = endswith(var.database_engine, "postgres") || endswith(var.database_engine, "postgresql")

  # The one customer-managed key encrypts the database, its secret, the cache and the queues.
  kms_enabled = local.database_enabled || var.cache_enabled || var.queue_enabled

  # The environment has plants: pods there get the IRSA role through IAM Roles Anywhere.
  roles_anywhere_enabled = var.roles_anywhere_trust_anchor_arn != null
}

# Database sizing and engine details -------------------------------------------------------------
locals {
  # Major versions only: AWS picks the minor at create time and upgrades it on its own
  # (auto_minor_version_upgrade). A pinned minor is read back newer after the first automatic
  # upgrade, every plan then proposes a downgrade that RDS refuses (terraform-provider-aws #45026,
  # #48936), and AWS withdraws old minors after about a year, so new environments fail to create.
  # The provider keeps a configured major when engine_version_actual starts with it.
  database_engines = {
    postgres            = { default_major = "16", family = "postgres", port = 5432 }
    mysql               = { default_major = "8.0", family = "mysql", port = 3306 }
    "aurora-postgresql" = { default_major = "16", family = "aurora-postgresql", port = 5432 }
    "aurora-mysql"      = { default_major = "8.0", family = "aurora-mysql", port = 3306 }
  }
  database_engine_spec = lookup(local.database_engines, var.database_engine, null)
  database_major       = local.database_enabled ? coalesce(var.database_engine_major_version, local.database_engine_spec.default_major) : null
  database = local.database_enabled ? {
    version = local.database_major
    family  = "${local.database_engine_spec.family}${local.database_major}"
    port    = local.database_engine_spec.port
  } : null

  # Aurora needs at least a medium burstable class; RDS instances start at micro.
  default_instance_class = {
    rds    = local.is_prod ? "db.m7g.large" : "db.t4g.micro"
    aurora = local.is_prod ? "db.r7g.large" : "db.t4g.medium"
  }
  database_instance_class = coalesce(
    var.database_instance_class,
    local.default_instance_class[local.is_aurora ? "aurora" : "rds"],
  )
  database_reader_count     = coalesce(var.database_reader_count, local.is_prod && local.is_aurora ? 1 : 0)
  database_storage_gib      = coalesce(var.database_allocated_storage, local.is_prod ? 100 : 20)
  database_backup_retention = coalesce(var.database_backup_retention_days, local.is_prod ? 14 : 1)

  # Database names allow letters, digits and underscores only.
  database_name     = replace(var.name, "-", "_")
  database_username = "app_admin"

  # Force TLS on the server side: the parameter name differs per engine family.
  # MySQL accepts ON but RDS stores and reports the boolean as 1: "ON" would diff on every plan.
  database_tls_parameter = local.is_postgres ? { name = "rds.force_ssl", value = "1" } : { name = "require_secure_transport", value = "1" }

  # Serverless v2 needs a scaling configuration on the cluster, or CreateDBInstance is refused.
  database_serverless = local.is_aurora && local.database_instance_class == "db.serverless"

  # Extended Support is a paid enrolment RDS makes by default once a major leaves standard
  # support; we upgrade majors instead (docs/costs.md).
  database_lifecycle_support = "open-source-rds-extended-support-disabled"

  # Decommissioning (README): protection follows prod unless the stack says it is being retired.
  database_deletion_protection = local.is_prod && !var.decommission

  # Unique per database: the creation time, fixed in state (ignore_changes), so a second destroy
  # after a re-create never collides with the first one's snapshot.
  final_snapshot_identifier = "${local.prefix}-final-${formatdate("YYYYMMDDhhmmss", plantimestamp())}"

}

# Cache sizing ----------------------------------------------------------------------------------
locals {
  cache_node_type = coalesce(var.cache_node_type, local.is_prod ? "cache.m7g.large" : "cache.t4g.micro")
  cache_nodes     = local.is_prod ? 2 : 1
  cache_port      = 6379
}
