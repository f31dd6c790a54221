resource "aws_lb_target_group" "this" {
  name                 = local.prefix
  port                 = var.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = local.is_prod ? 30 : 5

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

resource "aws_lb_listener_rule" "this" {
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
