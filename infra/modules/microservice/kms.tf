# One customer-managed key per service and environment, created when any stateful part is on.
resource "aws_kms_key" "this" {
  count = local.kms_enabled ? 1 : 0

  description             = "Encrypts the data of ${local.prefix} (database, secret, cache, queues)"
  enable_key_rotation     = true
  deletion_window_in_days = local.is_prod ? 30 : 7

  # Delegate to IAM in this account only; the IRSA role gets its use through its own policy.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministersThroughIam"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${var.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })

  tags = local.tags
}

resource "aws_kms_alias" "this" {
  count = local.kms_enabled ? 1 : 0

  name          = "alias/${local.prefix}"
  target_key_id = aws_kms_key.this[0].key_id
}
