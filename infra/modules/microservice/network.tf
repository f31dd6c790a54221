# Every hop admits the path and nothing more (ADR 0008 §4). The pods carry the service group; the
# database and cache admit only it (and the plants' networks), each on its own port.
resource "aws_security_group" "service" {
  name        = "${local.prefix}-svc"
  description = "Pods of ${local.prefix}"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${local.prefix}-svc" })

  # The pods' branch ENIs (SecurityGroupPolicy) hold the group until the pods are gone and the VPC
  # CNI releases them; a destroy waits that long instead of failing at once (README,
  # Decommissioning: remove the workload first).
  timeouts {
    delete = "30m"
  }
}

# Service ingress -------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  security_group_id            = aws_security_group.service.id
  description                  = "Shared ALB to the container port"
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  tags                         = local.tags
}

# The rule was optional (count) before the ALB group became a required input.
moved {
  from = aws_vpc_security_group_ingress_rule.service_from_alb[0]
  to   = aws_vpc_security_group_ingress_rule.service_from_alb
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

# Service egress: named ports to named places, no all-ports rule to 0.0.0.0/0 (AVD-AWS-0104,
# CKV_AWS_382). Only HTTPS may reach https_egress_cidrs, for the AWS APIs.

resource "aws_vpc_security_group_egress_rule" "service_dns" {
  for_each = { for pair in setproduct(["udp", "tcp"], var.vpc_cidrs) : "${pair[0]} ${pair[1]}" => { protocol = pair[0], cidr = pair[1] } }

  security_group_id = aws_security_group.service.id
  description       = "DNS (${each.value.protocol}) to the VPC resolver"
  cidr_ipv4         = each.value.cidr
  ip_protocol       = each.value.protocol
  from_port         = 53
  to_port           = 53
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "service_https" {
  for_each = toset(var.https_egress_cidrs)

  security_group_id = aws_security_group.service.id
  description       = "HTTPS to AWS APIs"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  tags              = local.tags
}

resource "aws_vpc_security_group_egress_rule" "service_to_database" {
  count = local.database_enabled ? 1 : 0

  security_group_id            = aws_security_group.service.id
  description                  = "Pods to the database port"
  referenced_security_group_id = aws_security_group.database[0].id
  ip_protocol                  = "tcp"
  from_port                    = local.database.port
  to_port                      = local.database.port
  tags                         = local.tags
}

resource "aws_vpc_security_group_egress_rule" "service_to_cache" {
  count = var.cache_enabled ? 1 : 0

  security_group_id            = aws_security_group.service.id
  description                  = "Pods to the Redis port"
  referenced_security_group_id = aws_security_group.cache[0].id
  ip_protocol                  = "tcp"
  from_port                    = local.cache_port
  to_port                      = local.cache_port
  tags                         = local.tags
}

# Database --------------------------------------------------------------------------------------

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

# Pods at the plants reach the data over the site-to-site VPN, on the data port only.
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

# Cache -----------------------------------------------------------------------------------------

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
