# prod: the platform's ids for this environment (replace the example ids once).
environment = "prod"
region      = "eu-west-1"
account_id  = "333333333333"

vpc_id            = "vpc-33333333333333333"
subnet_ids        = ["subnet-3333333333333333a", "subnet-3333333333333333b"]
oidc_provider_arn = "arn:aws:iam::333333333333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/33333333333333333333333333333333"

alb_listener_arn       = "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/fabrik-prod/3333333333333333/3333333333333333"
listener_rule_priority = 11181
