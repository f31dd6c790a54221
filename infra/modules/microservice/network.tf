# The service's pods carry this group; the database and cache admit only it.
resource "aws_security_group" "service" {
  name        = "${local.prefix}-svc"
  description = "Pods of ${local.prefix}"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.prefix}-svc" })
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  count = var.alb_security_group_id == null ? 0 : 1

  security_group_id            = aws_security_group.service.id
  description                  = "ALB to the container port"
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  tags                         = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "service_from_cidr" {
  for_each = toset(var.ingress_cidr_blocks)

  security_group_id = aws_security_group.service.id
  description       = "Private range to the container port"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = var.port
  to_port           = var.port
  tags              = local.tags
}

# Pods call AWS APIs and other services; only egress is open, never ingress.
resource "aws_vpc_security_group_egress_rule" "service_all" {
  security_group_id = aws_security_group.service.id
  description       = "Outbound from the pods"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
  tags              = local.tags
}

resource "aws_security_group" "database" {
  count = local.database_enabled ? 1 : 0

  name        = "${local.prefix}-db"
  description = "Database of ${local.prefix}: only the service's pods"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.prefix}-db" })
}

resource "aws_vpc_security_group_ingress_rule" "database_from_service" {
  count = local.database_enabled ? 1 : 0

  security_group_id            = aws_security_group.database[0].id
  description                  = "Service pods to the database port"
  referenced_security_group_id = aws_security_group.service.id
  ip_protocol                  = "tcp"
  from_port                    = local.database.port
  to_port                      = local.database.port
  tags                         = local.tags
}

resource "aws_security_group" "cache" {
  count = var.cache_enabled ? 1 : 0

  name        = "${local.prefix}-cache"
  description = "Redis of ${local.prefix}: only the service's pods"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.prefix}-cache" })
}

resource "aws_vpc_security_group_ingress_rule" "cache_from_service" {
  count = var.cache_enabled ? 1 : 0

  security_group_id            = aws_security_group.cache[0].id
  description                  = "Service pods to the Redis port"
  referenced_security_group_id = aws_security_group.service.id
  ip_protocol                  = "tcp"
  from_port                    = local.cache_port
  to_port                      = local.cache_port
  tags                         = local.tags
}
