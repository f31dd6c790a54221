# inventory in dev. The environment's account, network and load balancer come from
# infra/modules/platform/environments/dev.yaml.
environment            = "dev"
listener_rule_priority = 48075
