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

# Every validation block rejects a bad value (expect_failures), and the boundaries are accepted.
# Each run breaks many different inputs at once; a run fails if any listed input is accepted.

run "rejects_out_of_range_and_malformed_identity_inputs" {
  command = plan
  variables {
    name              = "orders-and-invoices-service" # 27 characters
    environment       = "qa"
    team              = "Platform Team"
    tags              = { "aws:owner" = "me" }
    account_id        = "12345"
    region            = "US-EAST-1"
    vpc_id            = "vpc-123"
    subnet_ids        = ["subnet-0123456789abcdef0"]
    oidc_provider_arn = "arn:aws:iam::123456789012:role/eks-oidc"
    database_engine   = "oracle"
  }
  expect_failures = [
    var.name, var.environment, var.team, var.tags, var.account_id, var.region, var.vpc_id,
    var.subnet_ids, var.oidc_provider_arn, var.database_engine,
  ]
}

run "rejects_malformed_names_routing_and_network_inputs" {
  command = plan
  variables {
    name                   = "Orders"
    subnet_ids             = ["subnet-0123456789abcdef0", "subnet-nothex"]
    namespace              = "Shop_NS"
    service_account        = "-api"
    alb_listener_arn       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared/50dc6c495c0c9188"
    listener_rule_priority = 0
    port                   = 70000
    path_prefix            = "/orders/"
    host                   = "Shop.Example.com"
    health_check_path      = "healthz"
    alb_security_group_id  = "sg-xyz"
    ingress_cidr_blocks    = ["10.0.0.0/33"]
  }
  expect_failures = [
    var.name, var.subnet_ids, var.namespace, var.service_account, var.alb_listener_arn,
    var.listener_rule_priority, var.port, var.path_prefix, var.host, var.health_check_path,
    var.alb_security_group_id, var.ingress_cidr_blocks,
  ]
}

run "rejects_open_ingress_and_bad_sizes" {
  command = plan
  variables {
    listener_rule_priority           = 50001
    port                             = 80.5
    ingress_cidr_blocks              = ["0.0.0.0/0"]
    database_engine                  = "mysql"
    database_instance_class          = "m5.large"
    database_reader_count            = 10
    database_allocated_storage       = 10
    database_backup_retention_days   = 0
    cache_node_type                  = "t4g.micro"
    queue_max_receive_count          = 0
    queue_visibility_timeout_seconds = 50000
  }
  expect_failures = [
    var.listener_rule_priority, var.port, var.ingress_cidr_blocks, var.database_instance_class, var.database_reader_count, var.database_allocated_storage,
    var.database_backup_retention_days, var.cache_node_type, var.queue_max_receive_count,
    var.queue_visibility_timeout_seconds,
  ]
}

run "rejects_readers_without_aurora" {
  command = plan
  variables {
    database_engine       = "postgres"
    database_reader_count = 2
  }
  expect_failures = [var.database_reader_count]
}

run "rejects_burstable_small_classes_for_aurora" {
  command = plan
  variables {
    database_engine         = "aurora-postgresql"
    database_instance_class = "db.t4g.small"
  }
  expect_failures = [var.database_instance_class]
}

# What CreateDBCluster / CreateDBInstance refuse at apply, refused at plan.
run "rejects_classes_aurora_does_not_offer" {
  command = plan
  variables {
    database_engine         = "aurora-mysql"
    database_instance_class = "db.m7g.large"
  }
  expect_failures = [var.database_instance_class]
}

run "rejects_serverless_outside_aurora" {
  command = plan
  variables {
    database_engine              = "postgres"
    database_instance_class      = "db.serverless"
    database_serverless_capacity = { min = 0.5, max = 4 }
  }
  expect_failures = [var.database_instance_class]
}

run "rejects_serverless_without_its_capacity" {
  command = plan
  variables {
    database_engine         = "aurora-postgresql"
    database_instance_class = "db.serverless"
  }
  expect_failures = [var.database_serverless_capacity]
}

run "rejects_a_pinned_minor_and_a_foreign_major" {
  command = plan
  variables {
    database_engine               = "aurora-postgresql"
    database_engine_major_version = "16.6"
    secret_store_role_arn         = "arn:aws:iam::123456789012:user/someone"
  }
  expect_failures = [var.database_engine_major_version, var.secret_store_role_arn]
}

run "rejects_a_missing_alb_security_group" {
  command = plan
  variables {
    alb_security_group_id = null
  }
  expect_failures = [var.alb_security_group_id]
}

run "rejects_empty_vpc_cidrs_and_a_missing_https_egress" {
  command = plan
  variables {
    vpc_cidrs          = []
    https_egress_cidrs = []
  }
  expect_failures = [var.vpc_cidrs, var.https_egress_cidrs]
}

run "rejects_malformed_ranges_and_trust_anchors" {
  command = plan
  variables {
    vpc_cidrs                       = ["10.0.0.1/16"] # host bits set: AWS wants the network address
    https_egress_cidrs              = ["anywhere"]
    plant_cidrs                     = ["10.211.0.0/33"]
    roles_anywhere_trust_anchor_arn = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/11111111-1111-1111-1111-111111111111"
  }
  expect_failures = [var.vpc_cidrs, var.https_egress_cidrs, var.plant_cidrs, var.roles_anywhere_trust_anchor_arn]
}

run "rejects_whole_internet_vpc_and_plant_ranges" {
  command = plan
  variables {
    vpc_cidrs   = ["0.0.0.0/0"]
    plant_cidrs = ["10.211.0.0/16", "0.0.0.0/0"]
  }
  expect_failures = [var.vpc_cidrs, var.plant_cidrs]
}

run "rejects_a_trust_anchor_of_another_region" {
  command = plan
  variables {
    roles_anywhere_trust_anchor_arn = "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/11111111-1111-1111-1111-111111111111"
  }
  expect_failures = [var.roles_anywhere_trust_anchor_arn]
}

run "accepts_the_boundaries" {
  command = plan
  variables {
    name                           = "abcdefghijklmnopqrstuvwx" # 24 characters, the longest allowed
    environment                    = "staging"
    region                         = "eu-west-2"
    vpc_id                         = "vpc-0123abcd"
    listener_rule_priority         = 50000
    port                           = 65535
    path_prefix                    = "/"
    host                           = "*.example.com"
    database_engine                = "aurora-mysql"
    database_instance_class        = "db.serverless"
    database_serverless_capacity   = { min = 0, max = 256 }
    database_engine_major_version  = "8.0"
    secret_store_role_arn          = "arn:aws:iam::123456789012:role/platform/external-secrets"
    database_reader_count          = 9
    database_backup_retention_days = 35
    queue_enabled                  = true
    queue_max_receive_count        = 1000
    ingress_cidr_blocks            = ["10.0.0.0/8"]
    tags                           = { owner = "payments" }
    vpc_cidrs                      = ["10.0.0.0/16", "100.64.0.0/10"]
    https_egress_cidrs             = ["10.0.0.0/16", "0.0.0.0/0"]
    plant_cidrs                    = ["192.168.10.0/24", "10.211.0.0/16"]
    # Same region (eu-west-2) and account as the stack.
    roles_anywhere_trust_anchor_arn = "arn:aws:rolesanywhere:eu-west-2:123456789012:trust-anchor/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  }

  assert {
    condition     = aws_lb_target_group.this.name == "abcdefghijklmnopqrstuvwx-staging" && length(aws_lb_target_group.this.name) == 32
    error_message = "The longest name gives a 32-character target group name, AWS's limit."
  }
  assert {
    condition     = aws_rds_cluster_instance.this[9].identifier == "abcdefghijklmnopqrstuvwx-staging-9" && length(aws_rds_cluster_instance.this) == 10
    error_message = "Nine readers give instances <prefix>-0 to <prefix>-9."
  }
  assert {
    condition     = aws_rolesanywhere_profile.this[0].name == "abcdefghijklmnopqrstuvwx-staging" && length(aws_vpc_security_group_ingress_rule.database_from_plants) == 2
    error_message = "The longest name's Roles Anywhere profile is <prefix>, and each plant range reaches the database."
  }
}
