provider "aws" {
  region = var.region

  # The module tags service, environment, team and managed-by; these say where the code lives.
  default_tags {
    tags = {
      repository = "fabrik"
      stack      = "infra/services/notify"
    }
  }
}
