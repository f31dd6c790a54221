resource "aws_sqs_queue" "dlq" {
  count = var.queue_enabled ? 1 : 0

  name                              = "${local.prefix}-dlq"
  message_retention_seconds         = 1209600 # 14 days, the maximum: time to inspect failures
  kms_master_key_id                 = aws_kms_key.this[0].arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags
}

resource "aws_sqs_queue" "this" {
  count = var.queue_enabled ? 1 : 0

  name                              = local.prefix
  visibility_timeout_seconds        = var.queue_visibility_timeout_seconds
  message_retention_seconds         = 345600 # 4 days, shorter than the DLQ so moved messages never expire first
  receive_wait_time_seconds         = 20     # long polling: fewer empty receives
  kms_master_key_id                 = aws_kms_key.this[0].arn
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[0].arn
    maxReceiveCount     = var.queue_max_receive_count
  })

  tags = local.tags
}

# Only this service's queue may move messages into its dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  count = var.queue_enabled ? 1 : 0

  queue_url = aws_sqs_queue.dlq[0].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this[0].arn]
  })
}
