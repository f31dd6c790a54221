# The ingress rules of infra/modules/microservice/network.tf (trimmed copy): what the contract
# reads when a stack has no plan.
resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  security_group_id            = aws_security_group.service.id
  description                  = "Shared ALB to the container port"
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  tags                         = local.tags
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

resource "aws_vpc_security_group_ingress_rule" "database_from_plants" {
  for_each = local.database_enabled ? toset(var.plant_cidrs) : toset([])

  security_group_id = aws_security_group.database[0].id
  description       = "Plant network (VPN) to the database port"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = local.database.port
  to_port           = local.database.port
  tags              = local.tags
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

resource "aws_vpc_security_group_ingress_rule" "cache_from_plants" {
  for_each = var.cache_enabled ? toset(var.plant_cidrs) : toset([])

  security_group_id = aws_security_group.cache[0].id
  description       = "Plant network (VPN) to the Redis port"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = local.cache_port
  to_port           = local.cache_port
  tags              = local.tags
}

