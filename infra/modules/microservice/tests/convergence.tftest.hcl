# Day two with a mocked AWS: apply each toggle set, let AWS do what it does on its own, and check
# that the next plan proposes nothing; then change the port and the engine major and check that
# the plan replaces in an order AWS accepts.
#
# What a mock cannot express, and how each case is covered instead:
# - `terraform test` cannot read a plan's action list. A day-two run therefore compares the planned
#   identifiers (ARNs, endpoints, ids) with those the apply run produced (`run.<name>.<output>`): a
#   replaced resource has unknown identifiers in a plan and fails the comparison, and the attributes
#   that used to diff are asserted equal to what the API reports.
# - A mock's refresh returns the stored state unchanged, so AWS's own changes are written at apply
#   (override_resource): the minor AWS upgraded to (engine_version_actual), the values the API
#   normalises. The provider's rule that keeps a configured major when engine_version_actual starts
#   with it (aws_db_instance, aws_rds_cluster) is provider code a mock does not run: the runs assert
#   the configuration is a major only, which is what that rule needs.
# - The ElastiCache `default` user's `no-password-required` comes back as `no-password`
#   (authentication_mode is configuration, not a computed value a mock can override): the module
#   ignores that block after create (cache.tf); these runs show the create-time value.
# - The order of a replacement is Terraform's graph, not the provider's: the port run asserts the
#   listener rule is a new instance (keyed by the port), which Terraform destroys before the target
#   group it forwards to, and the major run asserts the parameter group name is a prefix (it is
#   create_before_destroy, database.tf) while the database itself is updated in place.
# The real provider still validates configuration under a mock, so ARNs and ids look like AWS's.
mock_provider "aws" {
  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
    }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:us-east-1:123456789012:orders-dev"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/orders-dev-irsa"
    }
  }
  mock_resource "aws_security_group" {
    defaults = {
      id  = "sg-0aaaaaaaaaaaaaaa1"
      arn = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0aaaaaaaaaaaaaaa1"
    }
  }
  mock_resource "aws_elasticache_user" {
    defaults = {
      arn = "arn:aws:elasticache:us-east-1:123456789012:user:orders-dev-app"
    }
  }
  mock_resource "aws_elasticache_replication_group" {
    defaults = {
      arn                      = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders-dev"
      primary_endpoint_address = "master.orders-dev.abc.use1.cache.amazonaws.com"
    }
  }
  mock_resource "aws_rds_cluster" {
    defaults = {
      engine_version_actual = "16.6"
      endpoint              = "orders-dev.cluster-abc.us-east-1.rds.amazonaws.com"
      reader_endpoint       = "orders-dev.cluster-ro-abc.us-east-1.rds.amazonaws.com"
      arn                   = "arn:aws:rds:us-east-1:123456789012:cluster:orders-dev"
    }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      engine_version_actual = "16.9"
      address               = "orders-dev.abc.us-east-1.rds.amazonaws.com"
      arn                   = "arn:aws:rds:us-east-1:123456789012:db:orders-dev"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-dev/0123456789abcdef"
    }
  }
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
  listener_rule_priority = 48696
}

# Aurora PostgreSQL with a queue --------------------------------------------------------------

run "apply_aurora_with_queue" {
  command = apply
  variables {
    database_engine = "aurora-postgresql"
    queue_enabled   = true
  }

  assert {
    condition     = aws_rds_cluster.this[0].engine_version == "16" && aws_rds_cluster.this[0].engine_version_actual == "16.6"
    error_message = "Aurora is configured with its major only; AWS reports the minor it chose (and later upgrades)."
  }
  assert {
    condition     = aws_rds_cluster.this[0].allow_major_version_upgrade && aws_rds_cluster.this[0].engine_lifecycle_support == "open-source-rds-extended-support-disabled"
    error_message = "Aurora allows the major upgrades the module plans and never enrols in paid Extended Support."
  }
}

run "aurora_day_two_after_an_automatic_minor_upgrade_plans_nothing" {
  command = plan
  variables {
    database_engine = "aurora-postgresql"
    queue_enabled   = true
  }

  assert {
    condition     = output.database_endpoint == run.apply_aurora_with_queue.database_endpoint && output.target_group_arn == run.apply_aurora_with_queue.target_group_arn
    error_message = "The day-two plan must keep the cluster and the target group (a replacement would leave their identifiers unknown)."
  }
  assert {
    condition     = output.queue_arn == run.apply_aurora_with_queue.queue_arn && output.kms_key_arn == run.apply_aurora_with_queue.kms_key_arn
    error_message = "The day-two plan must keep the queue and the key."
  }
  assert {
    condition     = aws_rds_cluster.this[0].engine_version == "16" && startswith(aws_rds_cluster.this[0].engine_version_actual, "${aws_rds_cluster.this[0].engine_version}.")
    error_message = "The configured major must be a prefix of the version AWS runs, so the provider sees no change after an automatic minor upgrade."
  }
}

# RDS MySQL with a cache ----------------------------------------------------------------------

run "apply_mysql_with_cache" {
  command = apply
  variables {
    database_engine = "mysql"
    cache_enabled   = true
  }

  override_resource {
    target = aws_db_instance.this[0]
    values = {
      engine_version_actual = "8.0.40"
      address               = "orders-dev.abc.us-east-1.rds.amazonaws.com"
    }
  }

  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : p.value] == ["1"]
    error_message = "require_secure_transport is written as 1, the value RDS stores and reports."
  }
  assert {
    condition     = aws_db_instance.this[0].engine_lifecycle_support == "open-source-rds-extended-support-disabled"
    error_message = "MySQL 8.0 must not enrol in paid Extended Support."
  }
  assert {
    condition     = one(aws_elasticache_user.default[0].authentication_mode).type == "no-password-required" && aws_elasticache_user.default[0].access_string == "off -@all"
    error_message = "The default user is created off, without a password (the API later reports no-password; cache.tf ignores that)."
  }
}

run "mysql_day_two_plans_nothing" {
  command = plan
  variables {
    database_engine = "mysql"
    cache_enabled   = true
  }

  assert {
    condition     = output.database_endpoint == run.apply_mysql_with_cache.database_endpoint && output.redis_user == run.apply_mysql_with_cache.redis_user
    error_message = "The day-two plan must keep the instance and the cache user."
  }
  assert {
    condition     = aws_db_instance.this[0].engine_version == "8.0" && startswith(aws_db_instance.this[0].engine_version_actual, "8.0.")
    error_message = "The configured major must be a prefix of the version AWS runs."
  }
  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : p.value] == ["1"]
    error_message = "The TLS parameter must equal what RDS reports, or every plan modifies the group."
  }
}

# Changing what the team changes ---------------------------------------------------------------

run "apply_postgres" {
  command = apply
  variables {
    database_engine = "postgres"
  }
}

run "a_new_port_replaces_the_rule_and_then_the_group" {
  command = plan
  variables {
    database_engine = "postgres"
    port            = 9090
  }

  assert {
    condition     = aws_lb_target_group.this.port == 9090 && keys(aws_lb_listener_rule.this) == ["9090"]
    error_message = "A new port is a new listener rule instance: Terraform deletes the old rule before the group it forwards to (no ResourceInUse)."
  }
  assert {
    condition     = output.database_endpoint == run.apply_postgres.database_endpoint
    error_message = "A port change must not touch the database."
  }
}

run "a_new_major_upgrades_in_place_with_a_new_parameter_group_first" {
  command = plan
  variables {
    database_engine               = "postgres"
    database_engine_major_version = "17"
  }

  assert {
    condition     = aws_db_instance.this[0].engine_version == "17" && aws_db_instance.this[0].allow_major_version_upgrade
    error_message = "A major upgrade must be allowed explicitly (allow_major_version_upgrade)."
  }
  assert {
    condition     = aws_db_parameter_group.this[0].family == "postgres17" && aws_db_parameter_group.this[0].name_prefix == "orders-dev-"
    error_message = "The new family's group is named by prefix, so it is created before the old one is deleted (create_before_destroy)."
  }
  assert {
    condition     = output.database_endpoint == run.apply_postgres.database_endpoint && output.target_group_arn == run.apply_postgres.target_group_arn
    error_message = "A major upgrade updates the instance in place; it must not replace it or the route."
  }
}

# Decommissioning ------------------------------------------------------------------------------

run "prod_decommission_lifts_protection_and_keeps_the_final_snapshot" {
  command = plan
  variables {
    environment     = "prod"
    database_engine = "aurora-postgresql"
    decommission    = true
  }

  assert {
    condition     = !aws_rds_cluster.this[0].deletion_protection && !aws_rds_cluster.this[0].skip_final_snapshot
    error_message = "decommission turns deletion protection off and still takes the final snapshot."
  }
  assert {
    condition     = can(regex("^orders-prod-final-[0-9]{14}$", aws_rds_cluster.this[0].final_snapshot_identifier)) && aws_kms_key.this[0].deletion_window_in_days == 30
    error_message = "The final snapshot name is unique per database; prod's key stays 30 days after a destroy."
  }
}
