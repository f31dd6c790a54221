# A stack that breaks every Terraform rule of infra/policy/rules on purpose: the failing side of
# the policy fixtures (libs/core/src/policy/fixtures.spec.ts). It is only ever planned offline.
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

resource "aws_security_group" "open" {
  name   = "insecure-open"
  vpc_id = "vpc-00000000000000000"
}

resource "aws_vpc_security_group_egress_rule" "everything" {
  security_group_id = aws_security_group.open.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "ssh_from_anywhere" {
  security_group_id = aws_security_group.open.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}

resource "aws_db_parameter_group" "plain" {
  name   = "insecure-plain"
  family = "postgres16"
  parameter {
    name  = "log_connections"
    value = "1"
  }
}

resource "aws_db_instance" "exposed" {
  identifier                 = "insecure-exposed"
  engine                     = "postgres"
  instance_class             = "db.t4g.micro"
  allocated_storage          = 20
  username                   = "admin"
  password                   = "not-a-real-password-1"
  storage_encrypted          = false
  publicly_accessible        = true
  backup_retention_period    = 0
  multi_az                   = false
  deletion_protection        = false
  auto_minor_version_upgrade = false
  copy_tags_to_snapshot      = false
  skip_final_snapshot        = true
  parameter_group_name       = aws_db_parameter_group.plain.name
}

resource "aws_rds_cluster" "plain" {
  cluster_identifier  = "insecure-plain"
  engine              = "aurora-postgresql"
  master_username     = "admin"
  master_password     = "not-a-real-password-1"
  storage_encrypted   = false
  skip_final_snapshot = true
}

resource "aws_rds_cluster_instance" "exposed" {
  identifier                   = "insecure-exposed-0"
  cluster_identifier           = aws_rds_cluster.plain.id
  engine                       = "aurora-postgresql"
  instance_class               = "db.t4g.medium"
  publicly_accessible          = true
  performance_insights_enabled = true
}

resource "aws_elasticache_replication_group" "plain" {
  replication_group_id       = "insecure-plain"
  description                = "no encryption, no auth"
  engine                     = "redis"
  node_type                  = "cache.t4g.micro"
  num_cache_clusters         = 1
  at_rest_encryption_enabled = false
  transit_encryption_enabled = false
  snapshot_retention_limit   = 0
}

resource "aws_sqs_queue" "open" {
  name                    = "insecure-open"
  sqs_managed_sse_enabled = false
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "*" }]
  })
}

resource "aws_kms_key" "open" {
  description         = "insecure key"
  enable_key_rotation = false
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_iam_role" "anyone" {
  name = "insecure-anyone"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "admin" {
  name = "insecure-admin"
  role = "insecure-anyone"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_lb_target_group" "blind" {
  name        = "insecure-blind"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-00000000000000000"
  health_check {
    enabled = false
  }
}

resource "aws_cloudwatch_log_group" "forever" {
  name = "/insecure/forever"
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = "insecure-anyone"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_kms_key" "disabled" {
  description         = "insecure key: switched off, no key policy of its own"
  enable_key_rotation = true
  is_enabled          = false
}

resource "aws_cloudwatch_metric_alarm" "silent" {
  alarm_name          = "insecure-silent"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  actions_enabled     = false
}
