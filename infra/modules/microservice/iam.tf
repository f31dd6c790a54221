locals {
  # `arn:aws:iam::<account>:oidc-provider/<issuer>` → `<issuer>`, the prefix of the claim keys.
  oidc_issuer = split("oidc-provider/", var.oidc_provider_arn)[1]

  database_secret_arn = try(
    aws_db_instance.this[0].master_user_secret[0].secret_arn,
    aws_rds_cluster.this[0].master_user_secret[0].secret_arn,
    null,
  )

  # IAM database authentication (policy FAB-TF-013): the pods sign in as the service's own
  # database user, <db name>_app, never the master user (RDS user guide, "Creating and using an
  # IAM policy for IAM database access").
  database_iam_user = "${local.database_name}_app"
  database_resource_id = try(
    aws_db_instance.this[0].resource_id,
    aws_rds_cluster.this[0].cluster_resource_id,
    null,
  )
}

# IRSA: only the service's own service account in its own namespace, through this cluster's issuer.
locals {
  irsa_trust = {
    Effect    = "Allow"
    Principal = { Federated = var.oidc_provider_arn }
    Action    = "sts:AssumeRoleWithWebIdentity"
    Condition = {
      StringEquals = {
        "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        "${local.oidc_issuer}:sub" = "system:serviceaccount:${local.namespace}:${local.service_account}"
      }
    }
  }

  # At the plants (ADR 0008 §6): the same role, through IAM Roles Anywhere, for certificates of
  # the environment's trust anchor whose subject CN is the service name. Pinning the anchor with
  # aws:SourceArn and the CN keeps other certificates of the same CA out (AWS Roles Anywhere user
  # guide, "Trust model": the service sets principal tags from the certificate's subject).
  roles_anywhere_trust = {
    Effect    = "Allow"
    Principal = { Service = "rolesanywhere.amazonaws.com" }
    Action    = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
    Condition = {
      ArnEquals    = { "aws:SourceArn" = var.roles_anywhere_trust_anchor_arn }
      StringEquals = { "aws:PrincipalTag/x509Subject/CN" = var.name }
    }
  }
}

resource "aws_iam_role" "irsa" {
  name                 = "${local.prefix}-irsa"
  description          = "Pods of ${local.prefix} (system:serviceaccount:${local.namespace}:${local.service_account})"
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat([local.irsa_trust], local.roles_anywhere_enabled ? [local.roles_anywhere_trust] : [])
  })

  tags = local.tags
}

# The service's Roles Anywhere profile: it hands out sessions of the IRSA role only.
resource "aws_rolesanywhere_profile" "this" {
  count = local.roles_anywhere_enabled ? 1 : 0

  name             = local.prefix
  role_arns        = [aws_iam_role.irsa.arn]
  duration_seconds = 3600
  enabled          = true
  tags             = local.tags
}

# One inline policy per part, so each toggle adds exactly its own grants.
resource "aws_iam_role_policy" "queue" {
  count = var.queue_enabled ? 1 : 0

  name = "queue"
  role = aws_iam_role.irsa.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "OwnQueues"
        Effect = "Allow"
        Action = [
          "sqs:SendMessage",
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
        ]
        Resource = [aws_sqs_queue.this[0].arn, aws_sqs_queue.dlq[0].arn]
      },
      {
        Sid       = "OwnKeyThroughSqs"
        Effect    = "Allow"
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = [aws_kms_key.this[0].arn]
        Condition = { StringEquals = { "kms:ViaService" = "sqs.${var.region}.amazonaws.com" } }
      },
    ]
  })
}

resource "aws_iam_role_policy" "database" {
  count = local.database_enabled ? 1 : 0

  name = "database"
  role = aws_iam_role.irsa.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "OwnDatabaseSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
        Resource = [local.database_secret_arn]
      },
      {
        Sid       = "OwnKeyThroughSecretsManager"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [aws_kms_key.this[0].arn]
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${var.region}.amazonaws.com" } }
      },
      {
        Sid      = "ConnectAsOwnDatabaseUser"
        Effect   = "Allow"
        Action   = ["rds-db:connect"]
        Resource = ["arn:${local.partition}:rds-db:${var.region}:${var.account_id}:dbuser:${local.database_resource_id}/${local.database_iam_user}"]
      },
    ]
  })
}

resource "aws_iam_role_policy" "cache" {
  count = var.cache_enabled ? 1 : 0

  name = "cache"
  role = aws_iam_role.irsa.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ConnectAsOwnUser"
      Effect   = "Allow"
      Action   = ["elasticache:Connect"]
      Resource = [aws_elasticache_replication_group.this[0].arn, aws_elasticache_user.app[0].arn]
    }]
  })
}
