# The passing side for the rules the samples fail by design (policy fixtures only, planned
# offline): FAB-TF-071 (LOW) asks for HTTPS to the targets, while the module's target group
# speaks HTTP inside the VPC behind the ALB's TLS (docs/policy.md).
terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_lb_target_group" "tls" {
  name        = "secure-tls"
  port        = 8443
  protocol    = "HTTPS"
  target_type = "ip"
  vpc_id      = "vpc-00000000000000000"
  health_check {
    enabled  = true
    protocol = "HTTPS"
    path     = "/readyz"
  }
}
