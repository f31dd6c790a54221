# staging: the platform's ids for this environment (replace the example ids once).
environment = "staging"
region      = "eu-west-1"
account_id  = "222222222222"

vpc_id            = "vpc-22222222222222222"
subnet_ids        = ["subnet-2222222222222222a", "subnet-2222222222222222b"]
oidc_provider_arn = "arn:aws:iam::222222222222:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/22222222222222222222222222222222"

alb_listener_arn       = "arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/fabrik-staging/2222222222222222/2222222222222222"
listener_rule_priority = 11181
