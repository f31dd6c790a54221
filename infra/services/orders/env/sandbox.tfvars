# orders in sandbox. The environment's account, network and load balancer come from
# infra/modules/platform/environments/sandbox.yaml (clearly fake ids, never applied).
environment            = "sandbox"
listener_rule_priority = 48696
