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
    database_reader_count          = 9
    database_backup_retention_days = 35
    queue_enabled                  = true
    queue_max_receive_count        = 1000
    ingress_cidr_blocks            = ["10.0.0.0/8"]
    tags                           = { owner = "payments" }
  }

  assert {
    condition     = aws_lb_target_group.this.name == "abcdefghijklmnopqrstuvwx-staging" && length(aws_lb_target_group.this.name) == 32
    error_message = "The longest name gives a 32-character target group name, AWS's limit."
  }
  assert {
    condition     = aws_rds_cluster_instance.this[9].identifier == "abcdefghijklmnopqrstuvwx-staging-9" && length(aws_rds_cluster_instance.this) == 10
    error_message = "Nine readers give instances <prefix>-0 to <prefix>-9."
  }
}
