# inventory in prod. The environment's account, network and load balancer come from
# infra/modules/platform/environments/prod.yaml.
environment            = "prod"
listener_rule_priority = 48075
