# The layers meet (ADR 0008): every hop admits the path and nothing more, the plants get the same
# role through IAM Roles Anywhere, and `chart_values` carries exactly the values the chart needs.

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
  vpc_cidrs              = ["10.0.0.0/16", "10.1.0.0/16"]
  subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  oidc_provider_arn      = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
  alb_listener_arn       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2"
  alb_security_group_id  = "sg-0bbbbbbbbbbbbbbb2"
  listener_rule_priority = 100
}

# Ids and ARNs AWS assigns at apply, pinned so the plan shows which resource feeds which value.

override_resource {
  target          = aws_security_group.service
  override_during = plan
  values          = { id = "sg-0aaaaaaaaaaaaaaa1" }
}

override_resource {
  target          = aws_security_group.database
  override_during = plan
  values          = { id = "sg-0ddddddddddddddd4" }
}

override_resource {
  target          = aws_security_group.cache
  override_during = plan
  values          = { id = "sg-0ccccccccccccccc3" }
}

override_resource {
  target          = aws_iam_role.irsa
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:role/orders-dev-irsa" }
}

override_resource {
  target          = aws_lb_target_group.this
  override_during = plan
  values          = { arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-dev/0123456789abcdef" }
}

override_resource {
  target          = aws_rolesanywhere_profile.this
  override_during = plan
  values          = { arn = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/22222222-2222-2222-2222-222222222222" }
}

override_resource {
  target          = aws_db_instance.this
  override_during = plan
  values = {
    address = "orders-dev.abcdefghijkl.us-east-1.rds.amazonaws.com"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-orders-AbCdEf"
      kms_key_id    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      secret_status = "active"
    }]
  }
}

override_resource {
  target          = aws_rds_cluster.this
  override_during = plan
  values = {
    endpoint = "orders-dev.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-orders-AbCdEf"
      kms_key_id    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      secret_status = "active"
    }]
  }
}

override_resource {
  target          = aws_elasticache_replication_group.this
  override_during = plan
  values = {
    arn                      = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders-dev"
    primary_endpoint_address = "master.orders-dev.abcdef.use1.cache.amazonaws.com"
  }
}

override_resource {
  target          = aws_sqs_queue.this
  override_during = plan
  values          = { arn = "arn:aws:sqs:us-east-1:123456789012:orders-dev", url = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev" }
}

override_resource {
  target          = aws_sqs_queue.dlq
  override_during = plan
  values          = { arn = "arn:aws:sqs:us-east-1:123456789012:orders-dev-dlq", url = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev-dlq" }
}

# Network: every hop ---------------------------------------------------------------------------

run "service_egress_is_dns_https_and_the_data_ports_only" {
  command = plan
  variables {
    database_engine = "postgres"
    cache_enabled   = true
  }

  assert {
    condition = {
      for k, r in aws_vpc_security_group_egress_rule.service_dns : k => [r.ip_protocol, r.cidr_ipv4, r.from_port, r.to_port]
      } == {
      "udp 10.0.0.0/16" = ["udp", "10.0.0.0/16", 53, 53]
      "tcp 10.0.0.0/16" = ["tcp", "10.0.0.0/16", 53, 53]
      "udp 10.1.0.0/16" = ["udp", "10.1.0.0/16", 53, 53]
      "tcp 10.1.0.0/16" = ["tcp", "10.1.0.0/16", 53, 53]
    }
    error_message = "DNS egress is port 53 over udp and tcp to each VPC range, and nowhere else."
  }
  assert {
    condition     = keys(aws_vpc_security_group_egress_rule.service_https) == ["0.0.0.0/0"] && aws_vpc_security_group_egress_rule.service_https["0.0.0.0/0"].ip_protocol == "tcp" && aws_vpc_security_group_egress_rule.service_https["0.0.0.0/0"].from_port == 443 && aws_vpc_security_group_egress_rule.service_https["0.0.0.0/0"].to_port == 443
    error_message = "By default HTTPS (tcp 443) reaches 0.0.0.0/0 for the AWS APIs."
  }
  assert {
    condition = (
      aws_vpc_security_group_egress_rule.service_to_database[0].referenced_security_group_id == "sg-0ddddddddddddddd4" &&
      aws_vpc_security_group_egress_rule.service_to_database[0].from_port == 5432 && aws_vpc_security_group_egress_rule.service_to_database[0].to_port == 5432 &&
      aws_vpc_security_group_egress_rule.service_to_cache[0].referenced_security_group_id == "sg-0ccccccccccccccc3" &&
      aws_vpc_security_group_egress_rule.service_to_cache[0].from_port == 6379 && aws_vpc_security_group_egress_rule.service_to_cache[0].to_port == 6379
    )
    error_message = "The pods reach the database group on the database port and the cache group on the Redis port."
  }
  assert {
    condition = alltrue([
      for r in concat(
        values(aws_vpc_security_group_egress_rule.service_dns), values(aws_vpc_security_group_egress_rule.service_https),
        aws_vpc_security_group_egress_rule.service_to_database, aws_vpc_security_group_egress_rule.service_to_cache,
      ) : r.ip_protocol != "-1" && (r.cidr_ipv4 != "0.0.0.0/0" || (r.ip_protocol == "tcp" && r.from_port == 443 && r.to_port == 443))
    ])
    error_message = "No egress rule opens every protocol, and only HTTPS reaches 0.0.0.0/0."
  }
}

run "narrowed_https_egress_leaves_no_rule_to_the_internet" {
  command = plan
  variables {
    https_egress_cidrs = ["10.0.0.0/16"]
  }

  assert {
    condition     = keys(aws_vpc_security_group_egress_rule.service_https) == ["10.0.0.0/16"] && alltrue([for r in values(aws_vpc_security_group_egress_rule.service_dns) : r.cidr_ipv4 != "0.0.0.0/0"])
    error_message = "With interface endpoints in the VPC, HTTPS goes to the VPC only and nothing reaches 0.0.0.0/0."
  }
  assert {
    condition     = output.chart_values.networkPolicy.httpsEgressCidrs == tolist(["10.0.0.0/16"])
    error_message = "The NetworkPolicy's HTTPS egress follows the security group's."
  }
}

run "the_alb_group_reaches_the_container_port_and_nothing_else_gets_in" {
  command = plan
  variables {
    port = 9090
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.service_from_alb.security_group_id == "sg-0aaaaaaaaaaaaaaa1" &&
      aws_vpc_security_group_ingress_rule.service_from_alb.referenced_security_group_id == "sg-0bbbbbbbbbbbbbbb2" &&
      aws_vpc_security_group_ingress_rule.service_from_alb.ip_protocol == "tcp" &&
      aws_vpc_security_group_ingress_rule.service_from_alb.from_port == 9090 && aws_vpc_security_group_ingress_rule.service_from_alb.to_port == 9090
    )
    error_message = "The service group admits the shared ALB's group on the container port (tcp 9090)."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.service_from_cidr) == 0 && aws_lb_target_group.this.port == 9090
    error_message = "Without ingress_cidr_blocks the ALB is the only way in, on the target group's port."
  }
}

run "plant_networks_reach_only_the_database_and_cache_ports" {
  command = plan
  variables {
    database_engine = "mysql"
    cache_enabled   = true
    plant_cidrs     = ["10.211.0.0/16", "10.212.0.0/16"]
  }

  assert {
    condition = {
      for k, r in aws_vpc_security_group_ingress_rule.database_from_plants : k => [r.security_group_id, r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port]
      } == {
      "10.211.0.0/16" = ["sg-0ddddddddddddddd4", "10.211.0.0/16", "tcp", 3306, 3306]
      "10.212.0.0/16" = ["sg-0ddddddddddddddd4", "10.212.0.0/16", "tcp", 3306, 3306]
    }
    error_message = "Each plant network reaches the database group on the mysql port only."
  }
  assert {
    condition = {
      for k, r in aws_vpc_security_group_ingress_rule.cache_from_plants : k => [r.security_group_id, r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port]
      } == {
      "10.211.0.0/16" = ["sg-0ccccccccccccccc3", "10.211.0.0/16", "tcp", 6379, 6379]
      "10.212.0.0/16" = ["sg-0ccccccccccccccc3", "10.212.0.0/16", "tcp", 6379, 6379]
    }
    error_message = "Each plant network reaches the cache group on the Redis port only."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.service_from_cidr) == 0
    error_message = "Plant networks never reach the service group itself: their pods are reached through the plant's own ingress."
  }
  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.database_from_service[0].referenced_security_group_id == "sg-0aaaaaaaaaaaaaaa1" &&
      aws_vpc_security_group_ingress_rule.cache_from_service[0].referenced_security_group_id == "sg-0aaaaaaaaaaaaaaa1"
    )
    error_message = "The service group still reaches the database and the cache."
  }
}

# Identity at the plants -----------------------------------------------------------------------

run "roles_anywhere_trusts_the_anchor_for_the_service_cn_through_its_own_profile" {
  command = plan
  variables {
    roles_anywhere_trust_anchor_arn = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/11111111-1111-1111-1111-111111111111"
    queue_enabled                   = true
  }

  assert {
    condition     = length(jsondecode(aws_iam_role.irsa.assume_role_policy).Statement) == 2 && jsondecode(aws_iam_role.irsa.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    error_message = "The role keeps its IRSA statement first and gains exactly one statement."
  }
  assert {
    condition = jsondecode(aws_iam_role.irsa.assume_role_policy).Statement[1] == {
      Effect    = "Allow"
      Principal = { Service = "rolesanywhere.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
      Condition = {
        ArnEquals    = { "aws:SourceArn" = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/11111111-1111-1111-1111-111111111111" }
        StringEquals = { "aws:PrincipalTag/x509Subject/CN" = "orders" }
      }
    }
    error_message = "Roles Anywhere may assume the role only through the environment's trust anchor and only for certificates with CN = the service name."
  }
  assert {
    condition = (
      aws_rolesanywhere_profile.this[0].name == "orders-dev" && aws_rolesanywhere_profile.this[0].enabled &&
      aws_rolesanywhere_profile.this[0].role_arns == toset(["arn:aws:iam::123456789012:role/orders-dev-irsa"]) &&
      aws_rolesanywhere_profile.this[0].duration_seconds == 3600 && aws_rolesanywhere_profile.this[0].tags.service == "orders"
    )
    error_message = "The service's profile is named <prefix>, hands out the IRSA role only, for at most the role's session length, and is tagged."
  }
  assert {
    condition     = output.rolesanywhere_profile_arn == "arn:aws:rolesanywhere:us-east-1:123456789012:profile/22222222-2222-2222-2222-222222222222"
    error_message = "The profile ARN is an output."
  }
  assert {
    condition     = length(aws_iam_role_policy.queue) == 1 && length(aws_iam_role_policy.database) + length(aws_iam_role_policy.cache) == 0
    error_message = "The plants get the same role with the same least-privilege policies, nothing added."
  }
}

# chart_values: the stack's layer of the chart values ------------------------------------------

run "chart_values_without_parts_carry_only_the_route_identity_and_network" {
  command = plan

  assert {
    condition     = toset(keys(output.chart_values)) == toset(["serviceAccount", "targetGroupBinding", "podSecurityGroup", "networkPolicy", "config"])
    error_message = "Without database, cache, queue or trust anchor, chart_values has no externalSecret and no rolesAnywhere key."
  }
  assert {
    condition     = keys(output.chart_values.config) == ["AWS_REGION"] && output.chart_values.config.AWS_REGION == "us-east-1"
    error_message = "config carries only AWS_REGION without parts (no DB_*, REDIS_*, QUEUE_URL, DLQ_URL keys)."
  }
  assert {
    condition = (
      output.chart_values.networkPolicy.albSourceCidrs == tolist(["10.0.0.0/16", "10.1.0.0/16"]) &&
      output.chart_values.networkPolicy.dataCidrs == tolist(["10.0.0.0/16", "10.1.0.0/16"]) &&
      length(output.chart_values.networkPolicy.dataPorts) == 0 &&
      output.chart_values.networkPolicy.httpsEgressCidrs == tolist(["0.0.0.0/0"])
    )
    error_message = "The NetworkPolicy admits the ALB from the VPC ranges and has no data ports without data."
  }
  assert {
    condition = (
      output.chart_values.serviceAccount == { name = "orders", roleArn = "arn:aws:iam::123456789012:role/orders-dev-irsa" } &&
      output.chart_values.targetGroupBinding == { targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-dev/0123456789abcdef", deregistrationDelaySeconds = 5 } &&
      output.chart_values.targetGroupBinding.deregistrationDelaySeconds == tonumber(aws_lb_target_group.this.deregistration_delay) &&
      output.chart_values.podSecurityGroup == { groupIds = ["sg-0aaaaaaaaaaaaaaa1"] }
    )
    error_message = "The service account, target group binding and pod security group are wired to the IRSA role, the target group and the service group."
  }
}

run "chart_values_with_every_part_are_wired_to_their_resources" {
  command = plan
  variables {
    service_account                 = "orders-api"
    database_engine                 = "postgres"
    cache_enabled                   = true
    queue_enabled                   = true
    roles_anywhere_trust_anchor_arn = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/11111111-1111-1111-1111-111111111111"
  }

  assert {
    condition     = toset(keys(output.chart_values)) == toset(["serviceAccount", "targetGroupBinding", "podSecurityGroup", "networkPolicy", "config", "externalSecret", "rolesAnywhere"])
    error_message = "With every part on, chart_values has exactly the appendix's seven keys."
  }
  assert {
    condition = output.chart_values.config == {
      AWS_REGION = "us-east-1"
      DB_HOST    = "orders-dev.abcdefghijkl.us-east-1.rds.amazonaws.com"
      DB_PORT    = "5432"
      DB_NAME    = "orders"
      REDIS_HOST = "master.orders-dev.abcdef.use1.cache.amazonaws.com"
      REDIS_PORT = "6379"
      REDIS_USER = "orders-dev-app"
      QUEUE_URL  = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev"
      DLQ_URL    = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dev-dlq"
    }
    error_message = "config carries the database instance, the cache's primary endpoint and IAM user, and both queue URLs, all as strings."
  }
  assert {
    condition     = output.chart_values.networkPolicy.dataPorts == tolist([5432, 6379])
    error_message = "dataPorts are the numbers of the database and Redis ports."
  }
  assert {
    condition     = output.chart_values.externalSecret == { enabled = true, remoteKey = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-orders-AbCdEf" }
    error_message = "The ExternalSecret reads the RDS-managed secret the role may read."
  }
  assert {
    condition = output.chart_values.rolesAnywhere == {
      trustAnchorArn = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/11111111-1111-1111-1111-111111111111"
      profileArn     = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/22222222-2222-2222-2222-222222222222"
      roleArn        = "arn:aws:iam::123456789012:role/orders-dev-irsa"
    }
    error_message = "rolesAnywhere names the trust anchor, the service's profile and the IRSA role."
  }
  assert {
    condition     = output.chart_values.serviceAccount.name == "orders-api"
    error_message = "The service account name is the one the role's trust subject names."
  }
}

run "chart_values_of_aurora_use_the_cluster_endpoint_and_secret" {
  command = plan
  variables {
    database_engine = "aurora-mysql"
  }

  assert {
    condition     = output.chart_values.config.DB_HOST == "orders-dev.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com" && output.chart_values.config.DB_PORT == "3306"
    error_message = "Aurora's DB_HOST is the cluster (writer) endpoint, on the mysql port as a string."
  }
  assert {
    condition     = output.chart_values.externalSecret.remoteKey == "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-orders-AbCdEf" && output.chart_values.networkPolicy.dataPorts == tolist([3306])
    error_message = "The ExternalSecret reads the cluster's secret; only the database port is a data port."
  }
  assert {
    condition     = !contains(keys(output.chart_values.config), "REDIS_HOST") && !contains(keys(output.chart_values.config), "QUEUE_URL")
    error_message = "The cache and queue keys are absent when those parts are off."
  }
}

run "chart_values_of_cache_and_queue_alone_have_no_database_keys" {
  command = plan
  variables {
    cache_enabled = true
    queue_enabled = true
  }

  assert {
    condition     = toset(keys(output.chart_values.config)) == toset(["AWS_REGION", "REDIS_HOST", "REDIS_PORT", "REDIS_USER", "QUEUE_URL", "DLQ_URL"])
    error_message = "Without a database, config has no DB_* keys."
  }
  assert {
    condition     = !contains(keys(output.chart_values), "externalSecret") && output.chart_values.networkPolicy.dataPorts == tolist([6379])
    error_message = "Without a database there is no externalSecret key, and only the Redis port is a data port."
  }
}
