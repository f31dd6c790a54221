# The deregistration delay's one home: the target group uses it and chart_values publishes it, so
# the chart sizes the pods' preStop wait, grace period and blue-green scale-down from it (ADR 0021).
locals {
  deregistration_delay = local.is_prod ? 30 : 5
}

resource "aws_lb_target_group" "this" {
  name                 = local.prefix
  port                 = var.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = local.deregistration_delay

  health_check {
    enabled             = true
    path                = var.health_check_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200-399"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = local.tags
}

# A new port replaces the target group. Its name is fixed (`<name>-<environment>`, up to AWS's 32
# characters, and name_prefix allows only 6), so the new group cannot exist beside the old one
# (no create_before_destroy). The rule is keyed by the port instead, so a new port is a new rule:
# Terraform deletes the old rule first, then the group it no longer uses (deleting a group a rule
# still forwards to fails with ResourceInUse), then creates both. The path is unrouted for those
# seconds (README, "Changing the port"). replace_triggered_by would say the same but fails to plan
# inside a module on Terraform 1.11 ("no change found for aws_lb_target_group.this").

resource "aws_lb_listener_rule" "this" {
  for_each = toset([tostring(var.port)])

  listener_arn = var.alb_listener_arn
  priority     = var.listener_rule_priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  # The prefix itself and everything below it; `/` alone means the whole listener.
  condition {
    path_pattern {
      values = local.path_prefix == "/" ? ["/*"] : [local.path_prefix, "${local.path_prefix}/*"]
    }
  }

  dynamic "condition" {
    for_each = var.host == null ? [] : [var.host]
    content {
      host_header {
        values = [condition.value]
      }
    }
  }

  tags = local.tags
}
