# sessions on the shared module. The toggles below are the ones `nx g service` was given.
module "service" {
  source = "../../modules/microservice"

  name        = "sessions"
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
  path_prefix            = "/sessions"
  health_check_path      = "/readyz"

  database_engine = "none"
  cache_enabled   = true
  queue_enabled   = false
}
