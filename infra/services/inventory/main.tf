# inventory on the shared module, in the environment the platform module describes (its facts
# live once per environment in infra/modules/platform/environments/<env>.yaml).
# The toggles below are the ones `nx g service` was given.
module "platform" {
  source      = "../../modules/platform"
  environment = var.environment
}

module "service" {
  source = "../../modules/microservice"

  name        = "inventory"
  environment = var.environment
  team        = var.team

  account_id        = module.platform.account_id
  region            = module.platform.region
  vpc_id            = module.platform.vpc_id
  vpc_cidrs         = module.platform.vpc_cidrs
  subnet_ids        = module.platform.private_subnet_ids
  oidc_provider_arn = module.platform.oidc_provider_arn

  alb_listener_arn      = module.platform.alb_https_listener_arn
  alb_security_group_id = module.platform.alb_security_group_id

  https_egress_cidrs              = module.platform.https_egress_cidrs
  plant_cidrs                     = module.platform.plant_cidrs
  roles_anywhere_trust_anchor_arn = module.platform.roles_anywhere_trust_anchor_arn
  secret_store_role_arn           = module.platform.external_secrets_role_arn
  alarm_topic_arn                 = module.platform.alarm_sns_topic_arn

  listener_rule_priority = var.listener_rule_priority
  host                   = var.host
  port                   = 8080
  path_prefix            = "/inventory"
  health_check_path      = "/readyz"

  database_engine = "postgres"
  cache_enabled   = true
  queue_enabled   = false

  # true lifts prod's deletion protection before a destroy: apply it first, then destroy
  # (infra/modules/microservice/README.md, Decommissioning).
  decommission = false
}
