# One customer-managed key per service and environment, created when any stateful part is on.
resource "aws_kms_key" "this" {
  count = local.kms_enabled ? 1 : 0

  description         = "Encrypts the data of ${local.prefix} (database, secret, cache, queues)"
  enable_key_rotation = true
  # The window is what is left to restore prod's final snapshot after a destroy (README,
  # Decommissioning): the longest AWS allows there.
  deletion_window_in_days = local.is_prod ? 30 : 7

  # Delegate to IAM in this account only; the IRSA role gets its use through its own policy.
  # The platform's External Secrets store reads the RDS secret with its own role, which cannot
  # name every service's key in its IAM policy: the key names the role instead, for decryption
  # through Secrets Manager only (and only when the platform gives the role).
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([{
      Sid       = "AccountAdministersThroughIam"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${var.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
      }], !local.database_enabled ? [] : [{
      # The database's log groups (database_logs.tf) encrypt with this key, for this account's
      # log groups only (CloudWatch Logs user guide, "Encrypt log data using AWS KMS").
      Sid       = "LogsEncryptDatabaseLogGroups"
      Effect    = "Allow"
      Principal = { Service = "logs.${var.region}.amazonaws.com" }
      Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      Resource  = "*"
      Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${var.region}:${var.account_id}:log-group:/aws/rds/*/${local.prefix}/*" } }
      }], var.secret_store_role_arn == null || !local.database_enabled ? [] : [{
      Sid       = "SecretStoreDecryptsThroughSecretsManager"
      Effect    = "Allow"
      Principal = { AWS = var.secret_store_role_arn }
      Action    = ["kms:Decrypt", "kms:DescribeKey"]
      Resource  = "*"
      Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${var.region}.amazonaws.com" } }
    }])
  })

  tags = local.tags
}

resource "aws_kms_alias" "this" {
  count = local.kms_enabled ? 1 : 0

  name          = "alias/${local.prefix}"
  target_key_id = aws_kms_key.this[0].key_id
}
