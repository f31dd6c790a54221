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
  database_engine        = "postgres"
  cache_enabled          = true
  queue_enabled          = true
}

# Encryption, private access, exact wiring by ARN, exact IRSA trust, least privilege and tags.
# ARNs and ids AWS assigns at apply are pinned here so the plan can show the wiring.

override_resource {
  target          = aws_kms_key.this
  override_during = plan
  values          = { arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" }
}

override_resource {
  target          = aws_sqs_queue.this
  override_during = plan
  values          = { arn = "arn:aws:sqs:us-east-1:123456789012:orders-dev", id = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev", url = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev" }
}

override_resource {
  target          = aws_sqs_queue.dlq
  override_during = plan
  values          = { arn = "arn:aws:sqs:us-east-1:123456789012:orders-dev-dlq", id = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev-dlq", url = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev-dlq" }
}

override_resource {
  target          = aws_security_group.service
  override_during = plan
  values          = { id = "sg-0aaaaaaaaaaaaaaa1" }
}

override_resource {
  target          = aws_db_instance.this
  override_during = plan
  values = {
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-orders-AbCdEf"
      kms_key_id    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      secret_status = "active"
    }]
  }
}

override_resource {
  target          = aws_elasticache_replication_group.this
  override_during = plan
  values          = { arn = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders-dev" }
}

override_resource {
  target          = aws_elasticache_user.app
  override_during = plan
  values          = { arn = "arn:aws:elasticache:us-east-1:123456789012:user:orders-dev-app" }
}

run "data_is_encrypted_with_the_service_key_and_never_public" {
  command = plan

  assert {
    condition     = aws_db_instance.this[0].storage_encrypted && aws_db_instance.this[0].kms_key_id == aws_kms_key.this[0].arn && !aws_db_instance.this[0].publicly_accessible
    error_message = "The database is encrypted with the service key and not publicly accessible."
  }
  assert {
    condition     = aws_db_instance.this[0].manage_master_user_password && aws_db_instance.this[0].master_user_secret_kms_key_id == aws_kms_key.this[0].arn && aws_db_instance.this[0].password == null
    error_message = "RDS manages the master password in Secrets Manager under the service key; no plaintext password."
  }
  assert {
    condition     = [for p in aws_db_parameter_group.this[0].parameter : "${p.name}=${p.value}"] == ["rds.force_ssl=1"]
    error_message = "postgres must enforce TLS with rds.force_ssl=1."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].at_rest_encryption_enabled == "true" && aws_elasticache_replication_group.this[0].transit_encryption_enabled && aws_elasticache_replication_group.this[0].transit_encryption_mode == "required"
    error_message = "Redis encrypts at rest and requires TLS in transit."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].kms_key_id == aws_kms_key.this[0].arn && aws_elasticache_replication_group.this[0].auth_token == null
    error_message = "Redis uses the service key and no plaintext auth token."
  }
  assert {
    condition     = alltrue([for q in [aws_sqs_queue.this[0], aws_sqs_queue.dlq[0]] : q.kms_master_key_id == aws_kms_key.this[0].arn])
    error_message = "Both queues use server-side encryption with the service key."
  }
  assert {
    condition     = aws_kms_key.this[0].enable_key_rotation
    error_message = "The service key rotates."
  }
}

run "cache_auth_is_rbac_with_iam_and_the_default_user_off" {
  command = plan

  assert {
    condition     = aws_elasticache_user.default[0].user_name == "default" && startswith(aws_elasticache_user.default[0].access_string, "off ")
    error_message = "The mandatory default user is switched off."
  }
  assert {
    condition     = aws_elasticache_user.app[0].authentication_mode[0].type == "iam" && aws_elasticache_user.app[0].user_name == aws_elasticache_user.app[0].user_id
    error_message = "The app user authenticates with IAM (user_name equals user_id)."
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].user_group_ids == toset(["orders-dev"])
    error_message = "The replication group uses the service's user group."
  }
}

run "root_path_prefix_matches_everything_without_host" {
  command = plan
  variables {
    path_prefix = "/"
  }

  assert {
    condition     = [for c in one(values(aws_lb_listener_rule.this)).condition : [for p in c.path_pattern : p.values]] == [[toset(["/*"])]]
    error_message = "path_prefix / matches the whole listener with one path condition and no host condition."
  }
}

run "dlq_is_wired_by_arn_and_only_accepts_its_queue" {
  command = plan
  variables {
    queue_max_receive_count = 7
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this[0].redrive_policy) == { deadLetterTargetArn = "arn:aws:sqs:us-east-1:123456789012:orders-dev-dlq", maxReceiveCount = 7 }
    error_message = "The redrive policy names the DLQ by ARN with the given max receive count."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.dlq[0].redrive_allow_policy) == { redrivePermission = "byQueue", sourceQueueArns = ["arn:aws:sqs:us-east-1:123456789012:orders-dev"] }
    error_message = "The DLQ accepts redrives from the service queue only."
  }
  assert {
    condition     = aws_sqs_queue.dlq[0].message_retention_seconds > aws_sqs_queue.this[0].message_retention_seconds
    error_message = "The DLQ keeps messages longer than the source queue."
  }
  assert {
    condition     = output.queue_arn == "arn:aws:sqs:us-east-1:123456789012:orders-dev" && output.dlq_url == "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev-dlq"
    error_message = "Queue outputs pass the queue and DLQ through."
  }
}

run "irsa_trust_pins_the_provider_audience_and_exact_subject" {
  command = plan
  variables {
    namespace       = "shop"
    service_account = "orders-api"
  }

  assert {
    condition = jsondecode(aws_iam_role.irsa.assume_role_policy).Statement == [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud" = "sts.amazonaws.com"
          "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub" = "system:serviceaccount:shop:orders-api"
        }
      }
    }]
    error_message = "The trust policy allows only the cluster's provider, audience sts.amazonaws.com and exactly system:serviceaccount:shop:orders-api (StringEquals, no wildcard)."
  }
}

run "irsa_subject_defaults_to_the_service_name" {
  command = plan

  assert {
    condition     = jsondecode(aws_iam_role.irsa.assume_role_policy).Statement[0].Condition.StringEquals["oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub"] == "system:serviceaccount:orders:orders"
    error_message = "Without namespace and service_account the subject is system:serviceaccount:<name>:<name>."
  }
}

run "policies_grant_only_own_resources_and_no_wildcard_action" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for p in [aws_iam_role_policy.queue[0], aws_iam_role_policy.database[0], aws_iam_role_policy.cache[0]] : [
        for s in jsondecode(p.policy).Statement : [for a in s.Action : !strcontains(a, "*")]
      ]
    ]))
    error_message = "No IRSA policy statement may use a wildcard action."
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.queue[0].policy).Statement[0].Resource == ["arn:aws:sqs:us-east-1:123456789012:orders-dev", "arn:aws:sqs:us-east-1:123456789012:orders-dev-dlq"]
    error_message = "The queue policy covers only the service's queue and DLQ."
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.database[0].policy).Statement[0].Resource == ["arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-orders-AbCdEf"] && output.database_secret_arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-orders-AbCdEf"
    error_message = "The database policy covers only the RDS-managed secret, which is also an output."
  }
  assert {
    condition = alltrue([
      for p in [aws_iam_role_policy.queue[0], aws_iam_role_policy.database[0]] :
      jsondecode(p.policy).Statement[1].Resource == ["arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
    ])
    error_message = "KMS grants cover only the service's own key."
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.cache[0].policy).Statement[0].Resource == ["arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders-dev", "arn:aws:elasticache:us-east-1:123456789012:user:orders-dev-app"]
    error_message = "The cache policy lets the role connect only as its own user to its own replication group."
  }
}

run "only_the_service_group_reaches_the_database_and_cache" {
  command = plan
  variables {
    ingress_cidr_blocks = ["10.0.0.0/16"]
  }

  assert {
    condition = alltrue([
      for r in [aws_vpc_security_group_ingress_rule.database_from_service[0], aws_vpc_security_group_ingress_rule.cache_from_service[0]] :
      r.referenced_security_group_id == "sg-0aaaaaaaaaaaaaaa1" && r.cidr_ipv4 == null && r.cidr_ipv6 == null
    ])
    error_message = "Database and cache admit only the service security group, never a CIDR."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.database_from_service[0].from_port == 5432 && aws_vpc_security_group_ingress_rule.cache_from_service[0].to_port == 6379
    error_message = "Database and cache admit only their own port."
  }
  assert {
    condition = alltrue(concat(
      [for r in aws_vpc_security_group_ingress_rule.service_from_cidr : r.cidr_ipv4 != "0.0.0.0/0"],
      [for r in concat(aws_vpc_security_group_ingress_rule.database_from_service, aws_vpc_security_group_ingress_rule.cache_from_service) : r.cidr_ipv4 != "0.0.0.0/0"],
    ))
    error_message = "No security group admits 0.0.0.0/0."
  }
}

run "every_taggable_resource_carries_the_four_tags" {
  command = plan
  variables {
    database_engine = "aurora-postgresql"
    tags            = { cost-center = "42", team = "someone-else" }
  }

  assert {
    condition = alltrue([
      for t in [
        aws_kms_key.this[0].tags, aws_security_group.service.tags, aws_security_group.database[0].tags,
        aws_security_group.cache[0].tags, aws_vpc_security_group_egress_rule.service_https["0.0.0.0/0"].tags,
        aws_vpc_security_group_egress_rule.service_dns["udp 10.0.0.0/16"].tags, aws_vpc_security_group_ingress_rule.service_from_alb.tags,
        aws_vpc_security_group_ingress_rule.database_from_service[0].tags, aws_vpc_security_group_ingress_rule.cache_from_service[0].tags,
        aws_lb_target_group.this.tags, one(values(aws_lb_listener_rule.this)).tags, aws_iam_role.irsa.tags,
        aws_db_subnet_group.this[0].tags, aws_rds_cluster_parameter_group.this[0].tags, aws_rds_cluster.this[0].tags,
        aws_rds_cluster_instance.this[0].tags, aws_elasticache_subnet_group.this[0].tags, aws_elasticache_user.default[0].tags,
        aws_elasticache_user.app[0].tags, aws_elasticache_user_group.this[0].tags, aws_elasticache_replication_group.this[0].tags,
        aws_sqs_queue.this[0].tags, aws_sqs_queue.dlq[0].tags,
      ] : t.service == "orders" && t.environment == "dev" && t.team == "platform" && t["managed-by"] == "terraform" && t.cost-center == "42"
    ])
    error_message = "Every taggable resource carries service, environment, team, managed-by (which extra tags cannot override) and the extra tags."
  }
}

run "listener_rule_matches_prefix_subpaths_and_optional_host" {
  command = plan
  variables {
    path_prefix       = "/api/orders"
    host              = "shop.example.com"
    health_check_path = "/ready"
    port              = 9090
  }

  assert {
    condition = (
      toset(flatten([for c in one(values(aws_lb_listener_rule.this)).condition : [for p in c.path_pattern : p.values]])) == toset(["/api/orders", "/api/orders/*"]) &&
      toset(flatten([for c in one(values(aws_lb_listener_rule.this)).condition : [for h in c.host_header : h.values]])) == toset(["shop.example.com"])
    )
    error_message = "The rule matches the prefix, everything below it, and the host."
  }
  assert {
    condition     = aws_lb_target_group.this.target_type == "ip" && aws_lb_target_group.this.port == 9090 && aws_lb_target_group.this.health_check[0].path == "/ready"
    error_message = "The target group is of type ip, on the container port, health-checking the given path."
  }
  assert {
    condition     = one(values(aws_lb_listener_rule.this)).listener_arn == "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2"
    error_message = "The rule is attached to the given listener."
  }
}

# External Secrets reads the RDS secret with the platform's store role: the key lets exactly that
# role decrypt, and only through Secrets Manager in the stack's region.
run "the_secret_store_role_decrypts_through_secrets_manager_only" {
  command = plan
  variables {
    database_engine       = "postgres"
    secret_store_role_arn = "arn:aws:iam::123456789012:role/external-secrets"
  }

  assert {
    condition = one([for s in jsondecode(aws_kms_key.this[0].policy).Statement : s if s.Sid == "SecretStoreDecryptsThroughSecretsManager"]) == {
      Sid       = "SecretStoreDecryptsThroughSecretsManager"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/external-secrets" }
      Action    = ["kms:Decrypt", "kms:DescribeKey"]
      Resource  = "*"
      Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.us-east-1.amazonaws.com" } }
    }
    error_message = "The store role may decrypt with the service key through Secrets Manager only."
  }
}

run "without_a_secret_store_role_the_key_trusts_only_the_account" {
  command = plan
  variables {
    database_engine = "postgres"
  }

  assert {
    condition     = [for s in jsondecode(aws_kms_key.this[0].policy).Statement : s.Sid] == ["AccountAdministersThroughIam", "LogsEncryptDatabaseLogGroups"]
    error_message = "secret_store_role_arn = null must add no statement to the key policy beyond the database log groups' own."
  }
}

# Policy as code (docs/policy.md): the defaults the FAB-TF rules ask of a database.
run "database_signs_in_with_iam_and_exports_its_logs_to_groups_with_a_retention" {
  command = plan
  variables {
    environment     = "prod"
    database_engine = "postgres"
  }

  assert {
    condition     = aws_db_instance.this[0].iam_database_authentication_enabled == true
    error_message = "IAM database authentication must be on (FAB-TF-013)."
  }
  assert {
    condition     = aws_db_instance.this[0].enabled_cloudwatch_logs_exports == toset(["postgresql", "upgrade"])
    error_message = "PostgreSQL exports its postgresql and upgrade logs (FAB-TF-017)."
  }
  assert {
    condition     = keys(aws_cloudwatch_log_group.database) == ["postgresql", "upgrade"] && alltrue([for g in aws_cloudwatch_log_group.database : g.retention_in_days == 365 && startswith(g.name, "/aws/rds/instance/orders-prod/")])
    error_message = "Each exported log has its group, named as RDS names it, kept a year in prod (FAB-TF-080/081)."
  }
  assert {
    condition     = aws_db_instance.this[0].monitoring_interval == 60 && aws_iam_role_policy_attachment.rds_monitoring[0].policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
    error_message = "Enhanced monitoring every 60 s through its own role (FAB-TF-018)."
  }
  assert {
    condition     = contains([for s in jsondecode(aws_iam_role_policy.database[0].policy).Statement : s.Sid], "ConnectAsOwnDatabaseUser")
    error_message = "The pods' role may connect as the service's own database user (rds-db:connect)."
  }
}

run "aurora_signs_in_with_iam_and_exports_its_logs" {
  command = plan
  variables {
    environment     = "dev"
    database_engine = "aurora-mysql"
  }

  assert {
    condition     = aws_rds_cluster.this[0].iam_database_authentication_enabled == true && aws_rds_cluster.this[0].enabled_cloudwatch_logs_exports == toset(["audit", "error", "slowquery"])
    error_message = "Aurora MySQL: IAM authentication and its audit, error and slow query logs."
  }
  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.database : g.retention_in_days == 30 && startswith(g.name, "/aws/rds/cluster/orders-dev/")]) && alltrue([for i in aws_rds_cluster_instance.this : i.monitoring_interval == 60])
    error_message = "Outside prod the database logs are kept a month; every instance has enhanced monitoring."
  }
}

run "serverless_aurora_gets_its_capacity_range" {
  command = plan
  variables {
    database_engine              = "aurora-postgresql"
    database_instance_class      = "db.serverless"
    database_serverless_capacity = { min = 0.5, max = 4 }
  }

  assert {
    condition     = [for c in aws_rds_cluster.this[0].serverlessv2_scaling_configuration : [c.min_capacity, c.max_capacity]] == [[0.5, 4]]
    error_message = "db.serverless instances need the cluster's Serverless v2 scaling configuration."
  }
  assert {
    condition     = aws_rds_cluster_instance.this[0].instance_class == "db.serverless"
    error_message = "The writer runs on db.serverless."
  }
}
