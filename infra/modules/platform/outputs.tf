# One output per fact. Each precondition names the file and the key, so a wrong fact is fixed once;
# a malformed ARN fails only its shape check, not the account and region checks after it.

output "account_id" {
  description = "AWS account id of the environment (12 digits, a string)."
  value       = local.account_id

  precondition {
    condition     = can(regex("^[0-9]{12}$", local.account_id))
    error_message = "${local.file}: account_id must be the 12-digit AWS account id in quotes, such as '123456789012' (got ${jsonencode(local.account_id)})."
  }
}

output "region" {
  description = "AWS region of the environment: its stacks, data and route live there (ADR 0008 §7)."
  value       = local.region

  precondition {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", local.region))
    error_message = "${local.file}: region must be an AWS region code such as eu-west-1 (got ${jsonencode(local.region)})."
  }
}

output "vpc_id" {
  description = "VPC of the environment's EKS cluster, its data and its shared ALB."
  value       = local.vpc_id

  precondition {
    condition     = can(regex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", local.vpc_id))
    error_message = "${local.file}: vpc_id must look like vpc-0123456789abcdef0 (got ${jsonencode(local.vpc_id)})."
  }
}

output "vpc_cidrs" {
  description = "IPv4 ranges of the VPC: the ALB's source (target type ip), DNS, and where the data lives."
  value       = local.vpc_cidrs

  precondition {
    condition     = try(length(local.vpc_cidrs) >= 1 && alltrue([for c in local.vpc_cidrs : local.valid_cidr[c] && !endswith(c, "/0")]), false)
    error_message = "${local.file}: vpc_cidrs must be a non-empty list of IPv4 CIDR blocks in network form, never /0, such as [10.11.0.0/16] (got ${jsonencode(local.vpc_cidrs)})."
  }
}

output "private_subnet_ids" {
  description = "Private subnets (two or more availability zones) for the database and cache subnet groups."
  value       = local.private_subnet_ids

  precondition {
    condition     = try(length(local.private_subnet_ids) >= 2 && length(distinct(local.private_subnet_ids)) == length(local.private_subnet_ids), false)
    error_message = "${local.file}: private_subnet_ids must list at least two distinct subnets (got ${jsonencode(local.private_subnet_ids)})."
  }
  precondition {
    condition     = try(alltrue([for s in local.private_subnet_ids : can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", s))]), false)
    error_message = "${local.file}: every private_subnet_ids entry must look like subnet-0123456789abcdef0 (got ${jsonencode(local.private_subnet_ids)})."
  }
}

output "eks_cluster" {
  description = "Registry name of the environment's EKS cluster (gitops/clusters/<name>.yaml); null where there is none (sandbox)."
  value       = local.eks_cluster

  precondition {
    condition     = local.eks_cluster == null || can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", local.eks_cluster))
    error_message = "${local.file}: eks.cluster must be a cluster name of the registry (a lowercase DNS label such as eks-dev-euw1), or null (got ${jsonencode(local.eks_cluster)})."
  }
}

output "oidc_provider_arn" {
  description = "IAM OIDC provider of the EKS cluster; service roles trust it for their service account (IRSA)."
  value       = local.oidc_provider_arn

  precondition {
    condition     = local.oidc_arn_parts != null
    error_message = "${local.file}: eks.oidc_provider_arn must be arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID> (got ${jsonencode(local.oidc_provider_arn)})."
  }
  precondition {
    condition     = local.oidc_arn_parts == null || try(local.oidc_arn_parts[1] == local.account_id, false)
    error_message = "${local.file}: eks.oidc_provider_arn must be in the environment's account ${jsonencode(local.account_id)} (got ${jsonencode(local.oidc_provider_arn)})."
  }
}

output "alb_https_listener_arn" {
  description = "HTTPS listener of the environment's shared ALB: every service adds its listener rule there; TLS ends there."
  value       = local.alb_https_listener_arn

  precondition {
    condition     = local.listener_arn_parts != null
    error_message = "${local.file}: alb.https_listener_arn must be a load balancer listener ARN, arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb>/<id>/<id> (got ${jsonencode(local.alb_https_listener_arn)})."
  }
  precondition {
    condition     = local.listener_arn_parts == null || try(local.listener_arn_parts[3] == "app", false)
    error_message = "${local.file}: alb.https_listener_arn must be a listener of an application load balancer (listener/app/...): listener rules route by path and host only there (got ${jsonencode(local.alb_https_listener_arn)})."
  }
  precondition {
    condition     = local.listener_arn_parts == null || try(local.listener_arn_parts[1] == local.region && local.listener_arn_parts[2] == local.account_id, false)
    error_message = "${local.file}: alb.https_listener_arn must be in the environment's region ${jsonencode(local.region)} and account ${jsonencode(local.account_id)} (got ${jsonencode(local.alb_https_listener_arn)})."
  }
}

output "alb_security_group_id" {
  description = "Security group of the shared ALB: every service security group admits it on the container port."
  value       = local.alb_security_group_id

  precondition {
    condition     = can(regex("^sg-([0-9a-f]{8}|[0-9a-f]{17})$", local.alb_security_group_id))
    error_message = "${local.file}: alb.security_group_id must look like sg-0123456789abcdef0 (got ${jsonencode(local.alb_security_group_id)})."
  }
}

output "https_egress_cidrs" {
  description = "Where pods may reach HTTPS (AWS APIs): 0.0.0.0/0 until the VPC has interface endpoints."
  value       = local.https_egress_cidrs

  precondition {
    condition     = try(length(local.https_egress_cidrs) >= 1 && alltrue([for c in local.https_egress_cidrs : local.valid_cidr[c]]), false)
    error_message = "${local.file}: https_egress_cidrs must be a non-empty list of IPv4 CIDR blocks in network form, such as [0.0.0.0/0] (got ${jsonencode(local.https_egress_cidrs)})."
  }
}

output "roles_anywhere_trust_anchor_arn" {
  description = "IAM Roles Anywhere trust anchor of the plants' CA; null where the environment has no plants."
  value       = local.trust_anchor_arn

  precondition {
    condition     = local.trust_anchor_arn == null || local.trust_anchor_arn_parts != null
    error_message = "${local.file}: plants.roles_anywhere_trust_anchor_arn must be arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<uuid>, or null (got ${jsonencode(local.trust_anchor_arn)})."
  }
  precondition {
    condition     = local.trust_anchor_arn_parts == null || try(local.trust_anchor_arn_parts[1] == local.region && local.trust_anchor_arn_parts[2] == local.account_id, false)
    error_message = "${local.file}: plants.roles_anywhere_trust_anchor_arn must be in the environment's region ${jsonencode(local.region)} and account ${jsonencode(local.account_id)}: services create their Roles Anywhere profile there (got ${jsonencode(local.trust_anchor_arn)})."
  }
}

output "plant_cidrs" {
  description = "Plant networks routed into the VPC over site-to-site VPN, admitted to database and cache ports; [] without plants."
  value       = local.plant_cidrs

  precondition {
    condition     = try(alltrue([for c in local.plant_cidrs : local.valid_cidr[c] && !endswith(c, "/0")]), false)
    error_message = "${local.file}: plants.cidrs must be a list of IPv4 CIDR blocks in network form, never /0, or empty (got ${jsonencode(local.plant_cidrs)})."
  }
}

output "external_secrets_role_arn" {
  description = "Role of the External Secrets Operator; each service's key lets it decrypt through Secrets Manager. Null: none."
  value       = local.external_secrets_role

  precondition {
    condition     = local.external_secrets_role == null || can(regex("^arn:aws[a-z-]*:iam::${coalesce(local.account_id, "x")}:role/[A-Za-z0-9+=,.@_/-]+$", local.external_secrets_role))
    error_message = "${local.file}: external_secrets_role_arn must be an IAM role ARN in the environment's account ${jsonencode(local.account_id)}, or null (got ${jsonencode(local.external_secrets_role)})."
  }
}

output "state_bucket" {
  description = "S3 bucket of the environment's Terraform state; null for sandbox (local backend)."
  value       = local.state_bucket

  precondition {
    condition     = local.state_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", local.state_bucket))
    error_message = "${local.file}: state_bucket must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens), or null (got ${jsonencode(local.state_bucket)})."
  }
}

output "alarm_sns_topic_arn" {
  description = "SNS topic the services' CloudWatch alarms notify (alarms.sns_topic_arn)."
  value       = local.alarm_topic

  precondition {
    condition     = local.alarm_topic_arn_parts != null
    error_message = "${local.file}: alarms.sns_topic_arn must be an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:fabrik-dev-alarms (got ${jsonencode(local.alarm_topic)})."
  }
  precondition {
    condition     = local.alarm_topic_arn_parts == null || try(local.alarm_topic_arn_parts[1] == local.region && local.alarm_topic_arn_parts[2] == local.account_id, false)
    error_message = "${local.file}: alarms.sns_topic_arn must be in the environment's region and account (${jsonencode(local.region)}, ${jsonencode(local.account_id)}); got ${jsonencode(local.alarm_topic)}."
  }
}
