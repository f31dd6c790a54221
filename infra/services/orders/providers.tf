provider "aws" {
  # The environment's region, from its platform file: the stack, its data and its route live there.
  region = module.platform.region

  # The module tags service, environment, team and managed-by; these say where the code lives.
  default_tags {
    tags = {
      repository = "fabrik"
      stack      = "infra/services/orders"
    }
  }
}
