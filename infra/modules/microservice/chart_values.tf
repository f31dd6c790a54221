# The chart values this stack decides (ADR 0008 §5 and its appendix): the mapping from resources to
# values is written once, here. A part that is off adds no key at all (never a null); config
# values are strings (a ConfigMap's data), dataPorts are numbers.
locals {
  data_ports = concat(
    local.database_enabled ? [local.database.port] : [],
    var.cache_enabled ? [local.cache_port] : [],
  )

  chart_config = merge(
    { AWS_REGION = var.region },
    local.database_enabled ? {
      DB_HOST = try(aws_db_instance.this[0].address, aws_rds_cluster.this[0].endpoint)
      DB_PORT = tostring(local.database.port)
      DB_NAME = local.database_name
    } : null,
    var.cache_enabled ? {
      REDIS_HOST = aws_elasticache_replication_group.this[0].primary_endpoint_address
      REDIS_PORT = tostring(local.cache_port)
      REDIS_USER = aws_elasticache_user.app[0].user_id
    } : null,
    var.queue_enabled ? {
      QUEUE_URL = aws_sqs_queue.this[0].url
      DLQ_URL   = aws_sqs_queue.dlq[0].url
    } : null,
  )

  chart_values = merge(
    {
      serviceAccount     = { name = local.service_account, roleArn = aws_iam_role.irsa.arn }
      targetGroupBinding = { targetGroupArn = aws_lb_target_group.this.arn, deregistrationDelaySeconds = local.deregistration_delay }
      podSecurityGroup   = { groupIds = [aws_security_group.service.id] }
      networkPolicy = {
        # The ALB connects from its VPC addresses (target type ip); the data lives in the VPC.
        albSourceCidrs   = var.vpc_cidrs
        dataCidrs        = var.vpc_cidrs
        dataPorts        = local.data_ports
        httpsEgressCidrs = var.https_egress_cidrs
      }
      config = local.chart_config
    },
    local.database_enabled ? {
      externalSecret = { enabled = true, remoteKey = local.database_secret_arn }
    } : null,
    local.roles_anywhere_enabled ? {
      rolesAnywhere = {
        trustAnchorArn = var.roles_anywhere_trust_anchor_arn
        profileArn     = aws_rolesanywhere_profile.this[0].arn
        roleArn        = aws_iam_role.irsa.arn
      }
    } : null,
  )
}
