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

# Each toggle adds exactly its own resources and nothing else. The vectors list, in order:
#   database: subnet group, parameter group, instance, cluster parameter group, cluster,
#             cluster instances, security group, ingress rule, IAM policy
#   cache:    subnet group, default user, app user, user group, replication group,
#             security group, ingress rule, IAM policy
#   queue:    queue, dead-letter queue, redrive-allow policy, IAM policy
#   kms:      key, alias

run "no_toggles_plans_only_routing_network_and_identity" {
  command = plan

  assert {
    condition = [
      length(aws_db_subnet_group.this), length(aws_db_parameter_group.this), length(aws_db_instance.this),
      length(aws_rds_cluster_parameter_group.this), length(aws_rds_cluster.this), length(aws_rds_cluster_instance.this),
      length(aws_security_group.database), length(aws_vpc_security_group_ingress_rule.database_from_service),
      length(aws_iam_role_policy.database),
    ] == [0, 0, 0, 0, 0, 0, 0, 0, 0]
    error_message = "database_engine = none must plan no database resources."
  }
  assert {
    condition = [
      length(aws_elasticache_subnet_group.this), length(aws_elasticache_user.default), length(aws_elasticache_user.app),
      length(aws_elasticache_user_group.this), length(aws_elasticache_replication_group.this),
      length(aws_security_group.cache), length(aws_vpc_security_group_ingress_rule.cache_from_service),
      length(aws_iam_role_policy.cache),
    ] == [0, 0, 0, 0, 0, 0, 0, 0]
    error_message = "cache_enabled = false must plan no cache resources."
  }
  assert {
    condition = [
      length(aws_sqs_queue.this), length(aws_sqs_queue.dlq), length(aws_sqs_queue_redrive_allow_policy.dlq),
      length(aws_iam_role_policy.queue), length(aws_kms_key.this), length(aws_kms_alias.this),
    ] == [0, 0, 0, 0, 0, 0]
    error_message = "queue_enabled = false and no stateful part must plan no queue and no KMS key."
  }
  assert {
    condition     = aws_lb_target_group.this.name == "orders-dev" && one(values(aws_lb_listener_rule.this)).priority == 100
    error_message = "The target group and listener rule are always planned, named <name>-<environment>."
  }
  assert {
    condition     = aws_security_group.service.name == "orders-dev-svc" && aws_iam_role.irsa.name == "orders-dev-irsa"
    error_message = "The service security group and the IRSA role are always planned."
  }
  assert {
    condition = alltrue([for v in [
      output.database_endpoint, output.database_port, output.database_secret_arn, output.redis_endpoint,
      output.queue_url, output.queue_arn, output.dlq_url, output.dlq_arn,
      output.database_security_group_id, output.cache_security_group_id, output.kms_key_arn,
    ] : v == null])
    error_message = "Outputs of disabled parts must be null, not errors."
  }
}

run "postgres_adds_exactly_an_rds_instance_and_its_key" {
  command = plan
  variables {
    database_engine = "postgres"
  }

  assert {
    condition = [
      length(aws_db_subnet_group.this), length(aws_db_parameter_group.this), length(aws_db_instance.this),
      length(aws_rds_cluster_parameter_group.this), length(aws_rds_cluster.this), length(aws_rds_cluster_instance.this),
      length(aws_security_group.database), length(aws_vpc_security_group_ingress_rule.database_from_service),
      length(aws_iam_role_policy.database),
    ] == [1, 1, 1, 0, 0, 0, 1, 1, 1]
    error_message = "postgres must plan one RDS instance with its subnet group, parameter group, security group, rule and policy, and no Aurora."
  }
  assert {
    condition     = length(aws_kms_key.this) == 1 && length(aws_elasticache_replication_group.this) == 0 && length(aws_sqs_queue.this) == 0
    error_message = "A database adds the KMS key and nothing of the cache or queue."
  }
  assert {
    condition     = aws_db_instance.this[0].engine == "postgres" && aws_db_parameter_group.this[0].family == "postgres16" && output.database_port == 5432
    error_message = "postgres must use the postgres16 family and port 5432."
  }
}

run "mysql_uses_its_own_family_port_and_tls_parameter" {
  command = plan
  variables {
    database_engine = "mysql"
  }

  assert {
    condition     = aws_db_instance.this[0].engine == "mysql" && aws_db_parameter_group.this[0].family == "mysql8.0" && output.database_port == 3306
    error_message = "mysql must use the mysql8.0 family and port 3306."
  }
  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : "${p.name}=${p.value}"] == ["require_secure_transport=1"]
    error_message = "mysql must enforce TLS with require_secure_transport=1 (the value RDS stores; ON would diff on every plan)."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.database_from_service[0].from_port == 3306 && aws_vpc_security_group_ingress_rule.database_from_service[0].to_port == 3306
    error_message = "The database security group must admit only the mysql port."
  }
}

run "aurora_adds_exactly_a_cluster_and_no_rds_instance" {
  command = plan
  variables {
    database_engine = "aurora-mysql"
  }

  assert {
    condition = [
      length(aws_db_subnet_group.this), length(aws_db_parameter_group.this), length(aws_db_instance.this),
      length(aws_rds_cluster_parameter_group.this), length(aws_rds_cluster.this), length(aws_rds_cluster_instance.this),
      length(aws_security_group.database), length(aws_vpc_security_group_ingress_rule.database_from_service),
      length(aws_iam_role_policy.database),
    ] == [1, 0, 0, 1, 1, 1, 1, 1, 1]
    error_message = "aurora-mysql must plan a cluster with one writer, its parameter group and network, and no RDS instance."
  }
  assert {
    condition     = aws_rds_cluster_parameter_group.this[0].family == "aurora-mysql8.0" && aws_rds_cluster.this[0].port == 3306
    error_message = "aurora-mysql must use the aurora-mysql8.0 family and port 3306."
  }
}

run "cache_adds_exactly_the_replication_group_and_its_auth" {
  command = plan
  variables {
    cache_enabled = true
  }

  assert {
    condition = [
      length(aws_elasticache_subnet_group.this), length(aws_elasticache_user.default), length(aws_elasticache_user.app),
      length(aws_elasticache_user_group.this), length(aws_elasticache_replication_group.this),
      length(aws_security_group.cache), length(aws_vpc_security_group_ingress_rule.cache_from_service),
      length(aws_iam_role_policy.cache),
    ] == [1, 1, 1, 1, 1, 1, 1, 1]
    error_message = "cache_enabled must plan the replication group with subnet group, users, user group, security group, rule and policy."
  }
  assert {
    condition     = length(aws_kms_key.this) == 1 && length(aws_db_instance.this) + length(aws_rds_cluster.this) + length(aws_sqs_queue.this) == 0
    error_message = "A cache adds the KMS key and nothing of the database or queue."
  }
}

run "queue_adds_exactly_the_queue_pair_and_its_policy" {
  command = plan
  variables {
    queue_enabled = true
  }

  assert {
    condition = [
      length(aws_sqs_queue.this), length(aws_sqs_queue.dlq), length(aws_sqs_queue_redrive_allow_policy.dlq),
      length(aws_iam_role_policy.queue), length(aws_kms_key.this), length(aws_kms_alias.this),
    ] == [1, 1, 1, 1, 1, 1]
    error_message = "queue_enabled must plan the queue, the DLQ, the redrive-allow policy, the IAM policy and the KMS key."
  }
  assert {
    condition     = aws_sqs_queue.this[0].name == "orders-dev" && aws_sqs_queue.dlq[0].name == "orders-dev-dlq"
    error_message = "Queues are named <prefix> and <prefix>-dlq."
  }
  assert {
    condition     = length(aws_elasticache_replication_group.this) + length(aws_db_instance.this) + length(aws_rds_cluster.this) == 0
    error_message = "A queue adds nothing of the database or cache."
  }
}

run "all_parts_together_share_one_key" {
  command = plan
  variables {
    database_engine = "aurora-postgresql"
    cache_enabled   = true
    queue_enabled   = true
  }

  assert {
    condition     = length(aws_kms_key.this) == 1 && length(aws_kms_alias.this) == 1 && aws_kms_alias.this[0].name == "alias/orders-dev"
    error_message = "All stateful parts share one KMS key with alias alias/<prefix>."
  }
  assert {
    condition     = length(aws_iam_role_policy.database) + length(aws_iam_role_policy.cache) + length(aws_iam_role_policy.queue) == 3
    error_message = "Each enabled part adds its own inline policy to the IRSA role."
  }
}

run "ingress_is_the_alb_always_plus_each_optional_cidr" {
  command = plan
  variables {
    ingress_cidr_blocks = ["10.0.0.0/16", "10.1.0.0/16"]
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.service_from_alb.referenced_security_group_id == "sg-0bbbbbbbbbbbbbbb2" && length(aws_vpc_security_group_ingress_rule.service_from_cidr) == 2
    error_message = "The ALB security group is always admitted, and each CIDR adds exactly one ingress rule on the service group."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.service_from_alb.from_port == 8080 && aws_vpc_security_group_ingress_rule.service_from_cidr["10.1.0.0/16"].to_port == 8080
    error_message = "Service ingress opens only the container port."
  }
}

run "plants_and_roles_anywhere_add_nothing_without_data_or_anchor" {
  command = plan
  variables {
    plant_cidrs = ["10.211.0.0/16"]
  }

  assert {
    condition = [
      length(aws_vpc_security_group_ingress_rule.database_from_plants), length(aws_vpc_security_group_ingress_rule.cache_from_plants),
      length(aws_vpc_security_group_egress_rule.service_to_database), length(aws_vpc_security_group_egress_rule.service_to_cache),
      length(aws_rolesanywhere_profile.this),
    ] == [0, 0, 0, 0, 0]
    error_message = "Plant networks open nothing without a database or cache, and no profile exists without a trust anchor."
  }
  assert {
    condition     = length(jsondecode(aws_iam_role.irsa.assume_role_policy).Statement) == 1 && output.rolesanywhere_profile_arn == null
    error_message = "Without a trust anchor the role trusts only the cluster's OIDC provider."
  }
}
