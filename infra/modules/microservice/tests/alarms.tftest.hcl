# The real AWS provider, offline: fake static credentials and every skip flag, so `plan` needs no
# account and no network. Values AWS computes at apply come from override_* with override_during.
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAFAKEFAKEFAKEFAKE"
  secret_key                  = "fake-secret-key-for-offline-plans"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

variables {
  name                   = "orders"
  environment            = "dev"
  team                   = "platform"
  account_id             = "123456789012"
  region                 = "us-east-1"
  vpc_id                 = "vpc-0123456789abcdef0"
  subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  oidc_provider_arn      = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
  alb_listener_arn       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2"
  alb_security_group_id  = "sg-0bbbbbbbbbbbbbbb2"
  vpc_cidrs              = ["10.0.0.0/16"]
  listener_rule_priority = 100
}

# The CloudWatch alarms: one per thing Prometheus cannot see, to the environment's topic, and none
# without a topic.

run "no_topic_no_alarms" {
  command = plan

  variables {
    database_engine = "postgres"
    cache_enabled   = true
    queue_enabled   = true
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.dlq_depth) + length(aws_cloudwatch_metric_alarm.dlq_age) + length(aws_cloudwatch_metric_alarm.database) + length(aws_cloudwatch_metric_alarm.cache_memory) + length(aws_cloudwatch_metric_alarm.cache_evictions) == 0
    error_message = "Without alarm_topic_arn the module must plan no alarm."
  }
}

run "queue_alarms_watch_the_dead_letter_queue" {
  command = plan

  variables {
    queue_enabled   = true
    alarm_topic_arn = "arn:aws:sns:us-east-1:123456789012:fabrik-dev-alarms"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_depth[0].dimensions.QueueName == "orders-dev-dlq" && aws_cloudwatch_metric_alarm.dlq_age[0].dimensions.QueueName == "orders-dev-dlq"
    error_message = "The queue alarms must watch the dead-letter queue, not the main queue."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_depth[0].metric_name == "ApproximateNumberOfMessagesVisible" && aws_cloudwatch_metric_alarm.dlq_depth[0].threshold == 0 && aws_cloudwatch_metric_alarm.dlq_depth[0].comparison_operator == "GreaterThanThreshold"
    error_message = "One message in the dead-letter queue must alarm."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_age[0].metric_name == "ApproximateAgeOfOldestMessage" && aws_cloudwatch_metric_alarm.dlq_age[0].threshold == 3600
    error_message = "A dead-letter message older than an hour must alarm."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_depth[0].alarm_actions == toset(["arn:aws:sns:us-east-1:123456789012:fabrik-dev-alarms"]) && aws_cloudwatch_metric_alarm.dlq_age[0].ok_actions == toset(["arn:aws:sns:us-east-1:123456789012:fabrik-dev-alarms"])
    error_message = "Alarms and recoveries must go to the environment's topic."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.database) + length(aws_cloudwatch_metric_alarm.cache_memory) == 0
    error_message = "Without a database or cache there are no database or cache alarms."
  }
}

run "rds_instance_alarms_on_cpu_connections_and_free_storage" {
  command = plan

  variables {
    database_engine            = "postgres"
    database_allocated_storage = 50
    alarm_topic_arn            = "arn:aws:sns:us-east-1:123456789012:fabrik-dev-alarms"
    alarm_thresholds           = { database_connections = 180 }
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.database)) == toset(["cpu", "connections", "storage"])
    error_message = "A database must have CPU, connection and storage alarms."
  }
  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.database : a.namespace == "AWS/RDS" && length(a.dimensions) == 1 && lookup(a.dimensions, "DBInstanceIdentifier", null) == "orders-dev"])
    error_message = "RDS instance alarms must watch the instance by DBInstanceIdentifier."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.database["storage"].metric_name == "FreeStorageSpace" && aws_cloudwatch_metric_alarm.database["storage"].threshold == 50 * 1073741824 * 0.1
    error_message = "FreeStorageSpace must alarm below 10% of the allocated 50 GiB."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.database["connections"].threshold == 180 && aws_cloudwatch_metric_alarm.database["cpu"].threshold == 80
    error_message = "A threshold given must win; the others keep their defaults."
  }
}

run "aurora_alarms_watch_the_cluster_and_its_local_storage" {
  command = plan

  variables {
    database_engine = "aurora-postgresql"
    alarm_topic_arn = "arn:aws:sns:us-east-1:123456789012:fabrik-dev-alarms"
  }

  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.database : length(a.dimensions) == 1 && lookup(a.dimensions, "DBClusterIdentifier", null) == "orders-dev"])
    error_message = "Aurora alarms must watch the cluster by DBClusterIdentifier."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.database["storage"].metric_name == "FreeLocalStorage" && aws_cloudwatch_metric_alarm.database["storage"].comparison_operator == "LessThanThreshold"
    error_message = "Aurora's volume grows by itself: its local storage is what must alarm."
  }
}

run "prod_cache_alarms_on_every_node" {
  command = plan

  variables {
    environment     = "prod"
    cache_enabled   = true
    alarm_topic_arn = "arn:aws:sns:us-east-1:123456789012:fabrik-prod-alarms"
  }

  assert {
    condition     = [for a in aws_cloudwatch_metric_alarm.cache_memory : a.dimensions.CacheClusterId] == ["orders-prod-001", "orders-prod-002"]
    error_message = "prod runs two Redis nodes: each must have a memory alarm."
  }
  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.cache_evictions : a.metric_name == "Evictions" && a.statistic == "Sum" && a.threshold == 0]) && length(aws_cloudwatch_metric_alarm.cache_evictions) == 2
    error_message = "Any eviction on a node must alarm."
  }
  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.cache_memory : a.metric_name == "DatabaseMemoryUsagePercentage" && a.threshold == 80])
    error_message = "Memory above 80% of maxmemory must alarm."
  }
}

run "a_topic_that_is_not_an_sns_arn_is_refused" {
  command = plan

  variables {
    alarm_topic_arn = "arn:aws:sqs:us-east-1:123456789012:fabrik-dev-alarms"
  }

  expect_failures = [var.alarm_topic_arn]
}

run "a_percentage_over_100_is_refused" {
  command = plan

  variables {
    alarm_thresholds = { cache_memory_percent = 120 }
  }

  expect_failures = [var.alarm_thresholds]
}
