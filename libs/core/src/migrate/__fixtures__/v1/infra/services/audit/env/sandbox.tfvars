# Sandbox: clearly fake ids, so an offline plan shows audit's whole footprint. Never applied.
environment = "sandbox"
region      = "eu-west-1"
account_id  = "000000000000"

vpc_id            = "vpc-00000000000000000"
subnet_ids        = ["subnet-0000000000000000a", "subnet-0000000000000000b"]
oidc_provider_arn = "arn:aws:iam::000000000000:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/00000000000000000000000000000000"

alb_listener_arn       = "arn:aws:elasticloadbalancing:eu-west-1:000000000000:listener/app/fabrik-sandbox/0000000000000000/0000000000000000"
listener_rule_priority = 48121
