# billing on the shared module. The toggles below are the ones `nx g service` was given.
module "service" {
  source = "../../modules/microservice"

  name        = "billing"
  environment = var.environment
  team        = var.team

  account_id        = var.account_id
  region            = var.region
  vpc_id            = var.vpc_id
  subnet_ids        = var.subnet_ids
  oidc_provider_arn = var.oidc_provider_arn

  alb_listener_arn       = var.alb_listener_arn
  listener_rule_priority = var.listener_rule_priority
  host                   = var.host
  port                   = 8080
  path_prefix            = "/billing"
  health_check_path      = "/readyz"

  database_engine = "postgres"
  cache_enabled   = false
  queue_enabled   = false
}
