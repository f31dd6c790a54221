# The real AWS provider, offline: fake static credentials and every skip flag, so `plan` needs no
# account and no network. Values AWS computes at apply come from override_* with override_during.
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAFAKEFAKEFAKEFAKE"
  secret_key                  = "fake-secret-key-for-offline-plans"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

variables {
  name                   = "orders"
  environment            = "dev"
  team                   = "platform"
  account_id             = "123456789012"
  region                 = "us-east-1"
  vpc_id                 = "vpc-0123456789abcdef0"
  subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  oidc_provider_arn      = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
  alb_listener_arn       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2"
  alb_security_group_id  = "sg-0bbbbbbbbbbbbbbb2"
  vpc_cidrs              = ["10.0.0.0/16"]
  listener_rule_priority = 100
}

# prod is highly available and protected; dev is small and single-AZ; sandbox is sized like dev.

run "dev_rds_instance_is_small_single_az_and_disposable" {
  command = plan
  variables {
    database_engine = "postgres"
  }

  assert {
    condition     = aws_db_instance.this[0].instance_class == "db.t4g.micro" && aws_db_instance.this[0].allocated_storage == 20
    error_message = "dev defaults to db.t4g.micro with 20 GiB."
  }
  assert {
    condition     = !aws_db_instance.this[0].multi_az && !aws_db_instance.this[0].deletion_protection && aws_db_instance.this[0].skip_final_snapshot
    error_message = "dev is single-AZ, without deletion protection, and skips the final snapshot."
  }
  assert {
    condition     = aws_db_instance.this[0].backup_retention_period == 1 && !aws_db_instance.this[0].performance_insights_enabled
    error_message = "dev keeps backups 1 day and has no Performance Insights."
  }
  assert {
    condition     = aws_kms_key.this[0].deletion_window_in_days == 7 && aws_lb_target_group.this.deregistration_delay == "5"
    error_message = "dev keys have a 7-day deletion window and targets drain quickly."
  }
}

run "prod_rds_instance_is_multi_az_protected_and_observed" {
  command = plan
  variables {
    environment     = "prod"
    database_engine = "postgres"
  }

  assert {
    condition     = aws_db_instance.this[0].instance_class == "db.m7g.large" && aws_db_instance.this[0].allocated_storage == 100
    error_message = "prod defaults to db.m7g.large with 100 GiB."
  }
  assert {
    condition     = aws_db_instance.this[0].multi_az && aws_db_instance.this[0].deletion_protection
    error_message = "prod is multi-AZ with deletion protection."
  }
  assert {
    condition     = !aws_db_instance.this[0].skip_final_snapshot && can(regex("^orders-prod-final-[0-9]{14}$", aws_db_instance.this[0].final_snapshot_identifier))
    error_message = "prod takes a final snapshot named <prefix>-final-<creation time>, unique per database."
  }
  assert {
    condition     = aws_db_instance.this[0].backup_retention_period == 14 && aws_db_instance.this[0].performance_insights_enabled && aws_db_instance.this[0].performance_insights_retention_period == 7
    error_message = "prod keeps backups 14 days and enables Performance Insights (7 days, free tier)."
  }
  assert {
    condition     = aws_kms_key.this[0].deletion_window_in_days == 30
    error_message = "prod keys have a 30-day deletion window."
  }
}

run "prod_aurora_has_a_writer_and_a_reader_with_performance_insights" {
  command = plan
  variables {
    environment     = "prod"
    database_engine = "aurora-postgresql"
  }

  assert {
    condition     = [for i in aws_rds_cluster_instance.this : i.identifier] == ["orders-prod-0", "orders-prod-1"]
    error_message = "prod Aurora defaults to a writer and one reader, named <prefix>-<n>."
  }
  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.this : i.instance_class == "db.r7g.large" && i.performance_insights_enabled && !i.publicly_accessible])
    error_message = "prod Aurora instances are db.r7g.large, private, with Performance Insights."
  }
  assert {
    condition     = aws_rds_cluster.this[0].deletion_protection && aws_rds_cluster.this[0].backup_retention_period == 14
    error_message = "prod Aurora has deletion protection and 14 days of backups."
  }
}

run "sandbox_aurora_is_sized_like_dev" {
  command = plan
  variables {
    environment     = "sandbox"
    database_engine = "aurora-postgresql"
    cache_enabled   = true
  }

  assert {
    condition     = length(aws_rds_cluster_instance.this) == 1 && aws_rds_cluster_instance.this[0].instance_class == "db.t4g.medium"
    error_message = "sandbox Aurora is one db.t4g.medium writer, like dev."
  }
  assert {
    condition     = !aws_rds_cluster.this[0].deletion_protection && aws_rds_cluster.this[0].skip_final_snapshot && aws_rds_cluster.this[0].backup_retention_period == 1
    error_message = "sandbox Aurora is disposable, like dev."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].node_type == "cache.t4g.micro" && aws_elasticache_replication_group.this[0].num_cache_clusters == 1
    error_message = "sandbox Redis is one cache.t4g.micro node, like dev."
  }
}

run "dev_cache_is_one_node_without_failover" {
  command = plan
  variables {
    cache_enabled = true
  }

  assert {
    condition     = aws_elasticache_replication_group.this[0].num_cache_clusters == 1 && !aws_elasticache_replication_group.this[0].automatic_failover_enabled && !aws_elasticache_replication_group.this[0].multi_az_enabled
    error_message = "dev Redis is a single node without failover."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].snapshot_retention_limit == 0
    error_message = "dev Redis keeps no snapshots."
  }
}

run "prod_cache_has_a_replica_and_automatic_failover" {
  command = plan
  variables {
    environment   = "prod"
    cache_enabled = true
  }

  assert {
    condition     = aws_elasticache_replication_group.this[0].num_cache_clusters == 2 && aws_elasticache_replication_group.this[0].automatic_failover_enabled && aws_elasticache_replication_group.this[0].multi_az_enabled
    error_message = "prod Redis has a replica in another zone with automatic failover."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].node_type == "cache.m7g.large" && aws_elasticache_replication_group.this[0].snapshot_retention_limit == 7
    error_message = "prod Redis defaults to cache.m7g.large and keeps 7 daily snapshots."
  }
}

run "explicit_sizes_override_the_environment_defaults" {
  command = plan
  variables {
    environment                    = "prod"
    database_engine                = "aurora-mysql"
    database_instance_class        = "db.r7g.xlarge"
    database_reader_count          = 3
    database_backup_retention_days = 35
    cache_enabled                  = true
    cache_node_type                = "cache.r7g.large"
  }

  assert {
    condition     = length(aws_rds_cluster_instance.this) == 4 && alltrue([for i in aws_rds_cluster_instance.this : i.instance_class == "db.r7g.xlarge"])
    error_message = "database_reader_count = 3 gives a writer and three readers of the given class."
  }
  assert {
    condition     = aws_rds_cluster.this[0].backup_retention_period == 35 && aws_elasticache_replication_group.this[0].node_type == "cache.r7g.large"
    error_message = "Explicit backup retention and cache node type win over the prod defaults."
  }
}

run "explicit_storage_overrides_the_default_and_bounds_autoscaling" {
  command = plan
  variables {
    database_engine            = "mysql"
    database_allocated_storage = 50
    database_instance_class    = "db.t4g.small"
  }

  assert {
    condition     = aws_db_instance.this[0].allocated_storage == 50 && aws_db_instance.this[0].max_allocated_storage == 250 && aws_db_instance.this[0].instance_class == "db.t4g.small"
    error_message = "Explicit storage wins, storage autoscaling stops at five times it, and the explicit class is used."
  }
}
