# inventory in staging. The environment's account, network and load balancer come from
# infra/modules/platform/environments/staging.yaml.
environment            = "staging"
listener_rule_priority = 48075
