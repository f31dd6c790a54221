# The facts of one environment, read from its file. Outputs validate them (outputs.tf), so a wrong
# fact fails every stack's plan with one message that names the file and the key.
locals {
  # Messages name the file as it sits in the repository, where a reader fixes it.
  file = coalesce(var.facts_file, "infra/modules/platform/environments/${var.environment}.yaml")
  raw  = yamldecode(file(var.facts_file != null ? var.facts_file : "${path.module}/environments/${var.environment}.yaml"))

  # A missing or mistyped key becomes null here, so the checks below report it instead of a crash.
  # Lists are list(string), so a stack can pass them to list(string) inputs and compare them as such.
  account_id             = try(tostring(local.raw.account_id), null)
  region                 = try(tostring(local.raw.region), null)
  vpc_id                 = try(tostring(local.raw.vpc_id), null)
  vpc_cidrs              = try(tolist([for c in local.raw.vpc_cidrs : tostring(c)]), null)
  private_subnet_ids     = try(tolist([for s in local.raw.private_subnet_ids : tostring(s)]), null)
  eks_cluster            = try(tostring(local.raw.eks.cluster), null)
  oidc_provider_arn      = try(tostring(local.raw.eks.oidc_provider_arn), null)
  alb_https_listener_arn = try(tostring(local.raw.alb.https_listener_arn), null)
  alb_security_group_id  = try(tostring(local.raw.alb.security_group_id), null)
  https_egress_cidrs     = try(tolist([for c in local.raw.https_egress_cidrs : tostring(c)]), null)
  external_secrets_role  = try(tostring(local.raw.external_secrets_role_arn), null)
  trust_anchor_arn       = try(tostring(local.raw.plants.roles_anywhere_trust_anchor_arn), null)
  # No plants (key absent or null) is an empty list; a value that is not a list stays null and fails.
  plant_cidrs  = try(local.raw.plants.cidrs, null) == null ? tolist([]) : try(tolist([for c in local.raw.plants.cidrs : tostring(c)]), null)
  state_bucket = try(tostring(local.raw.state_bucket), null)
  alarm_topic  = try(tostring(local.raw.alarms.sns_topic_arn), null)
}

# ARNs split into their parts, to check partition, region and account against the other facts.
locals {
  oidc_arn_parts         = try(regex("^arn:(aws[a-z-]*):iam::([0-9]{12}):oidc-provider/([^/].*[^/])$", local.oidc_provider_arn), null)
  listener_arn_parts     = try(regex("^arn:(aws[a-z-]*):elasticloadbalancing:([a-z0-9-]+):([0-9]{12}):listener/(app|net|gwy)/[A-Za-z0-9-]+/[0-9a-f]+/[0-9a-f]+$", local.alb_https_listener_arn), null)
  alarm_topic_arn_parts  = try(regex("^arn:(aws[a-z-]*):sns:([a-z0-9-]+):([0-9]{12}):[A-Za-z0-9_-]{1,256}$", local.alarm_topic), null)
  trust_anchor_arn_parts = try(regex("^arn:(aws[a-z-]*):rolesanywhere:([a-z0-9-]+):([0-9]{12}):trust-anchor/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", local.trust_anchor_arn), null)

  # An IPv4 CIDR in network form (`10.1.0.0/16`, not `10.1.2.3/16`): AWS rejects host bits in rules.
  ipv4_cidr_pattern = "^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$"
  valid_cidr = {
    for c in distinct(concat(coalesce(local.vpc_cidrs, []), coalesce(local.https_egress_cidrs, []), coalesce(local.plant_cidrs, []))) :
    c => can(regex(local.ipv4_cidr_pattern, c)) && try(cidrsubnet(c, 0, 0) == c, false)
  }
}
