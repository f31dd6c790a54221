locals {
  # `arn:aws:iam::<account>:oidc-provider/<issuer>` → `<issuer>`, the prefix of the claim keys.
  oidc_issuer = split("oidc-provider/", var.oidc_provider_arn)[1]

  database_secret_arn = try(
    aws_db_instance.this[0].master_user_secret[0].secret_arn,
    aws_rds_cluster.this[0].master_user_secret[0].secret_arn,
    null,
  )
}

# IRSA: only the service's own service account in its own namespace, through this cluster's issuer.
resource "aws_iam_role" "irsa" {
  name                 = "${local.prefix}-irsa"
  description          = "Pods of ${local.prefix} (system:serviceaccount:${local.namespace}:${local.service_account})"
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
          "${local.oidc_issuer}:sub" = "system:serviceaccount:${local.namespace}:${local.service_account}"
        }
      }
    }]
  })

  tags = local.tags
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
