# dev: the platform's ids for this environment (replace the example ids once).
environment = "dev"
region      = "eu-west-1"
account_id  = "111111111111"

vpc_id            = "vpc-11111111111111111"
subnet_ids        = ["subnet-1111111111111111a", "subnet-1111111111111111b"]
oidc_provider_arn = "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/11111111111111111111111111111111"

alb_listener_arn       = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/fabrik-dev/1111111111111111/1111111111111111"
listener_rule_priority = 9293
