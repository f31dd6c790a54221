# Plan-mode tests: every environment's file loads and passes the checks, and wrong facts fail with
# the output that names them. The module has no provider and no resources, so nothing is mocked.

run "sandbox_is_fake_and_has_no_cluster_and_no_bucket" {
  command = plan
  variables {
    environment = "sandbox"
  }

  assert {
    condition     = output.account_id == "000000000000" && output.region == "eu-west-1" && output.vpc_id == "vpc-00000000000000000"
    error_message = "sandbox uses the all-zero fake account and VPC."
  }
  assert {
    condition     = output.eks_cluster == null && output.state_bucket == null
    error_message = "sandbox has no EKS cluster in the registry and no state bucket (local backend)."
  }
  assert {
    condition     = output.alb_https_listener_arn == "arn:aws:elasticloadbalancing:eu-west-1:000000000000:listener/app/fabrik-sandbox/0000000000000000/0000000000000000"
    error_message = "sandbox's listener is read as written."
  }
}

run "dev_facts_are_read_as_written" {
  command = plan
  variables {
    environment = "dev"
  }

  assert {
    condition     = output.account_id == "111111111111" && output.eks_cluster == "eks-dev-euw1" && output.state_bucket == "fabrik-tfstate-111111111111-eu-west-1" && output.alarm_sns_topic_arn == "arn:aws:sns:eu-west-1:111111111111:fabrik-dev-alarms"
    error_message = "dev's account, cluster and bucket are read as written."
  }
  assert {
    condition     = output.vpc_cidrs == tolist(["10.11.0.0/16"]) && output.private_subnet_ids == tolist(["subnet-1111111111111111a", "subnet-1111111111111111b"])
    error_message = "dev's VPC ranges and subnets are lists of strings."
  }
  assert {
    condition     = output.alb_security_group_id == "sg-11111111111111111" && output.https_egress_cidrs == tolist(["0.0.0.0/0"])
    error_message = "dev's ALB group and HTTPS egress are read as written."
  }
  assert {
    condition     = output.external_secrets_role_arn == "arn:aws:iam::111111111111:role/fabrik-dev-external-secrets"
    error_message = "dev's External Secrets role is read as written (the services' keys let it decrypt)."
  }
  assert {
    condition     = output.plant_cidrs == tolist(["10.211.0.0/16"]) && output.roles_anywhere_trust_anchor_arn == "arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/11111111-1111-1111-1111-111111111111"
    error_message = "dev's plants have a trust anchor and a network."
  }
}

run "staging_facts_are_read_as_written" {
  command = plan
  variables {
    environment = "staging"
  }

  assert {
    condition     = output.account_id == "222222222222" && output.eks_cluster == "eks-staging-euw1" && output.oidc_provider_arn == "arn:aws:iam::222222222222:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/22222222222222222222222222222222"
    error_message = "staging's account, cluster and OIDC provider are read as written."
  }
}

run "prod_facts_are_read_as_written" {
  command = plan
  variables {
    environment = "prod"
  }

  assert {
    condition     = output.account_id == "333333333333" && output.eks_cluster == "eks-prod-euw1" && output.vpc_cidrs == tolist(["10.13.0.0/16"])
    error_message = "prod's account, cluster and VPC are read as written."
  }
  assert {
    condition     = startswith(output.alb_https_listener_arn, "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/")
    error_message = "prod's listener is an application listener of its own account and region."
  }
}

run "an_environment_without_plants_has_null_and_empty_plant_facts" {
  command = plan
  variables {
    environment = "dev"
    facts_file  = "tests/fixtures/no-plants.yaml"
  }

  assert {
    condition     = output.roles_anywhere_trust_anchor_arn == null && output.plant_cidrs == tolist([]) && output.state_bucket == null
    error_message = "Without a plants key the trust anchor and bucket are null and the plant networks empty."
  }
  assert {
    condition     = output.vpc_cidrs == tolist(["10.10.0.0/16", "100.64.0.0/16"]) && output.https_egress_cidrs == tolist(["10.10.0.0/16"])
    error_message = "Several VPC ranges and narrowed HTTPS egress pass through."
  }
}

run "rejects_an_unknown_environment" {
  command = plan
  variables {
    environment = "qa"
  }
  expect_failures = [var.environment]
}

run "every_malformed_fact_fails_its_own_output" {
  command = plan
  variables {
    environment = "dev"
    facts_file  = "tests/fixtures/broken.yaml"
  }
  expect_failures = [
    output.account_id, output.region, output.vpc_id, output.vpc_cidrs, output.private_subnet_ids,
    output.eks_cluster, output.oidc_provider_arn, output.alb_https_listener_arn,
    output.alb_security_group_id, output.https_egress_cidrs, output.roles_anywhere_trust_anchor_arn,
    output.plant_cidrs, output.state_bucket, output.external_secrets_role_arn,
    output.alarm_sns_topic_arn,
  ]
}

run "arns_of_another_account_region_or_load_balancer_kind_fail" {
  command = plan
  variables {
    environment = "dev"
    facts_file  = "tests/fixtures/foreign-listener.yaml"
  }
  expect_failures = [output.oidc_provider_arn, output.alb_https_listener_arn, output.roles_anywhere_trust_anchor_arn, output.alarm_sns_topic_arn]
}
