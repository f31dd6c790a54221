# Identity of the service -------------------------------------------------------------------------

variable "name" {
  description = "Service name: a lowercase DNS label of at most 24 characters. Every AWS name is derived from `<name>-<environment>`."
  type        = string

  validation {
    condition     = length(var.name) <= 24
    error_message = "name must be at most 24 characters: the ALB target group `<name>-<environment>` is limited to 32. Choose a shorter name."
  }
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]*[a-z0-9])?$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be a lowercase DNS label: start with a letter, then letters, digits or single hyphens, and end with a letter or digit (for example `orders`)."
  }
}

variable "environment" {
  description = "Deployment environment: sandbox, dev, staging or prod. prod gets high availability and protection; the others are sized like dev."
  type        = string

  validation {
    condition     = contains(["sandbox", "dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of sandbox, dev, staging, prod."
  }
}

variable "team" {
  description = "Owning team, written to the `team` tag of every resource."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.team))
    error_message = "team must be a lowercase identifier of 1 to 63 characters (letters, digits, hyphens), starting with a letter (for example `platform`)."
  }
}

variable "tags" {
  description = "Extra tags for every resource. The service, environment, team and managed-by tags always win."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.tags : length(k) >= 1 && length(k) <= 128 && length(v) <= 256 && !startswith(lower(k), "aws:")])
    error_message = "tags keys must be 1-128 characters and must not start with `aws:`; values at most 256 characters."
  }
}

# Where it runs ----------------------------------------------------------------------------------

variable "account_id" {
  description = "AWS account id (12 digits). An input rather than a data source, so plans need no credentials."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be the 12-digit AWS account id, for example `123456789012`."
  }
}

variable "region" {
  description = "AWS region of the stack, for example `us-east-1`."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as `us-east-1` or `eu-west-2`."
  }
}

variable "vpc_id" {
  description = "VPC that holds the security groups, the target group and the subnets."
  type        = string

  validation {
    condition     = can(regex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", var.vpc_id))
    error_message = "vpc_id must look like `vpc-0123456789abcdef0` (8 or 17 hex digits after `vpc-`)."
  }
}

variable "subnet_ids" {
  description = "Private subnets (at least two, in different availability zones) for the database and cache subnet groups."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && length(distinct(var.subnet_ids)) == length(var.subnet_ids)
    error_message = "subnet_ids needs at least two distinct subnets (RDS and ElastiCache subnet groups span two availability zones)."
  }
  validation {
    condition     = alltrue([for s in var.subnet_ids : can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", s))])
    error_message = "every subnet_ids entry must look like `subnet-0123456789abcdef0`."
  }
}

variable "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider; the IRSA role trusts only this provider."
  type        = string

  validation {
    condition     = can(regex("^arn:aws(-[a-z]+)*:iam::[0-9]{12}:oidc-provider/[^/].*[^/]$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be an IAM OIDC provider ARN: `arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>`."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the service account the IRSA role trusts. Null means the service name."
  type        = string
  default     = null

  validation {
    condition     = var.namespace == null || can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a Kubernetes namespace: a lowercase DNS label of at most 63 characters."
  }
}

variable "service_account" {
  description = "Kubernetes service account the IRSA role trusts. Null means the service name."
  type        = string
  default     = null

  validation {
    condition     = var.service_account == null || can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.service_account))
    error_message = "service_account must be a Kubernetes name: lowercase letters, digits, `-` and `.`, at most 253 characters."
  }
}

# Routing ----------------------------------------------------------------------------------------

variable "alb_listener_arn" {
  description = "ARN of the environment's shared HTTPS listener (platform fact `alb.https_listener_arn`); the service's listener rule goes there and TLS ends there."
  type        = string

  validation {
    condition     = can(regex("^arn:aws(-[a-z]+)*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/app/[A-Za-z0-9-]+/[0-9a-f]+/[0-9a-f]+$", var.alb_listener_arn))
    error_message = "alb_listener_arn must be an application load balancer listener ARN: `arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb>/<id>/<id>`."
  }
}

variable "listener_rule_priority" {
  description = "Priority of the listener rule, unique on the listener (1-50000; lower wins)."
  type        = number

  validation {
    condition     = var.listener_rule_priority >= 1 && var.listener_rule_priority <= 50000 && floor(var.listener_rule_priority) == var.listener_rule_priority
    error_message = "listener_rule_priority must be a whole number from 1 to 50000, unique on the listener."
  }
}

variable "port" {
  description = "Container port the target group sends traffic to."
  type        = number
  default     = 8080

  validation {
    condition     = var.port >= 1 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number from 1 to 65535 (the container port, 8080 by default)."
  }
}

variable "path_prefix" {
  description = "Path prefix the listener rule matches (the prefix itself and everything below it). Null means `/<name>`."
  type        = string
  default     = null

  validation {
    condition     = var.path_prefix == null || (can(regex("^/([A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*)?$", var.path_prefix)) && length(coalesce(var.path_prefix, "/")) <= 120)
    error_message = "path_prefix must start with `/`, have no trailing `/`, empty segments or wildcards, and be at most 120 characters (for example `/orders`)."
  }
}

variable "host" {
  description = "Optional host header the listener rule also matches, for example `api.example.com`."
  type        = string
  default     = null

  validation {
    condition     = var.host == null || can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.host))
    error_message = "host must be a lowercase DNS name such as `api.example.com` (a leading `*.` is allowed), or null."
  }
}

variable "health_check_path" {
  description = "HTTP path the target group health check requests (the service's readiness endpoint)."
  type        = string
  default     = "/healthz"

  validation {
    condition     = can(regex("^/[A-Za-z0-9._~/?=&%-]*$", var.health_check_path)) && length(var.health_check_path) <= 1024
    error_message = "health_check_path must start with `/` and be a plain URL path of at most 1024 characters, for example `/healthz`."
  }
}

variable "alb_security_group_id" {
  description = "Security group of the shared ALB (platform fact `alb.security_group_id`); the service security group admits it on `port`."
  type        = string

  validation {
    condition     = can(regex("^sg-([0-9a-f]{8}|[0-9a-f]{17})$", var.alb_security_group_id))
    error_message = "alb_security_group_id is required and must look like `sg-0123456789abcdef0`: the shared ALB's security group (module.platform.alb_security_group_id)."
  }
}

variable "ingress_cidr_blocks" {
  description = "Optional private CIDR blocks (for example the VPC) the service security group admits on `port`. Never 0.0.0.0/0."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.ingress_cidr_blocks : can(cidrhost(c, 0)) && can(regex("^[0-9.]+/[0-9]+$", c))])
    error_message = "ingress_cidr_blocks entries must be IPv4 CIDR blocks such as `10.0.0.0/16`."
  }
  validation {
    condition     = alltrue([for c in var.ingress_cidr_blocks : !can(regex("/0$", c))])
    error_message = "ingress_cidr_blocks must not contain a /0 block: the service is reached through the ALB, never from the whole internet."
  }
}

variable "vpc_cidrs" {
  description = "IPv4 ranges of the VPC (platform fact `vpc_cidrs`): the pods resolve DNS there, and the chart's NetworkPolicy admits the ALB and reaches the data there."
  type        = list(string)

  validation {
    condition     = try(length(var.vpc_cidrs) >= 1 && alltrue([for c in var.vpc_cidrs : can(regex("^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$", c)) && cidrsubnet(c, 0, 0) == c]), false)
    error_message = "vpc_cidrs needs at least one IPv4 CIDR block in network form, such as `10.11.0.0/16` (module.platform.vpc_cidrs)."
  }
  validation {
    condition     = try(alltrue([for c in var.vpc_cidrs : !endswith(c, "/0")]), false)
    error_message = "vpc_cidrs must not contain a /0 block: it is the VPC's own range, which DNS egress and the NetworkPolicy open."
  }
}

variable "https_egress_cidrs" {
  description = "Where the pods may open HTTPS (443), for AWS APIs (platform fact `https_egress_cidrs`): 0.0.0.0/0 until the VPC has interface endpoints."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = try(length(var.https_egress_cidrs) >= 1 && alltrue([for c in var.https_egress_cidrs : can(regex("^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$", c)) && cidrsubnet(c, 0, 0) == c]), false)
    error_message = "https_egress_cidrs needs at least one IPv4 CIDR block in network form, such as `0.0.0.0/0` or `10.11.0.0/16`: the pods need the AWS APIs."
  }
}

variable "plant_cidrs" {
  description = "Plant networks reaching the VPC over site-to-site VPN (platform fact `plants.cidrs`); the database and cache admit them on their own port. Empty without plants."
  type        = list(string)
  default     = []

  validation {
    condition     = try(alltrue([for c in var.plant_cidrs : can(regex("^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$", c)) && cidrsubnet(c, 0, 0) == c]), false)
    error_message = "plant_cidrs entries must be IPv4 CIDR blocks in network form, such as `10.211.0.0/16`."
  }
  validation {
    condition     = try(alltrue([for c in var.plant_cidrs : !endswith(c, "/0")]), false)
    error_message = "plant_cidrs must not contain a /0 block: the database and cache admit only the plants' own networks, never the whole internet."
  }
}

variable "roles_anywhere_trust_anchor_arn" {
  description = "IAM Roles Anywhere trust anchor of the plants' CA (platform fact `plants.roles_anywhere_trust_anchor_arn`). When set, the IRSA role also trusts certificates with CN `<name>` from it, through the service's own profile. Null without plants."
  type        = string
  default     = null

  validation {
    condition     = var.roles_anywhere_trust_anchor_arn == null || can(regex("^arn:aws(-[a-z]+)*:rolesanywhere:[a-z0-9-]+:[0-9]{12}:trust-anchor/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", coalesce(var.roles_anywhere_trust_anchor_arn, "x")))
    error_message = "roles_anywhere_trust_anchor_arn must be `arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<uuid>` (module.platform.roles_anywhere_trust_anchor_arn), or null."
  }
  validation {
    # The profile is created in the stack's region and account; a trust anchor elsewhere never matches it.
    condition     = var.roles_anywhere_trust_anchor_arn == null || try(split(":", var.roles_anywhere_trust_anchor_arn)[3] == var.region && split(":", var.roles_anywhere_trust_anchor_arn)[4] == var.account_id, false)
    error_message = "roles_anywhere_trust_anchor_arn must be in the stack's region and account (`region`, `account_id`)."
  }
}

# Database ---------------------------------------------------------------------------------------

variable "database_engine" {
  description = "Database: none, postgres, mysql (one RDS instance) or aurora-postgresql, aurora-mysql (Aurora cluster)."
  type        = string
  default     = "none"

  validation {
    condition     = contains(["none", "postgres", "mysql", "aurora-postgresql", "aurora-mysql"], var.database_engine)
    error_message = "database_engine must be one of none, postgres, mysql, aurora-postgresql, aurora-mysql."
  }
}

variable "database_instance_class" {
  description = "DB instance class. Null means the environment default (see README)."
  type        = string
  default     = null

  validation {
    condition     = var.database_instance_class == null || can(regex("^db\\.(serverless|[a-z][a-z0-9-]*\\.[a-z0-9]+)$", coalesce(var.database_instance_class, "db.serverless")))
    error_message = "database_instance_class must be an RDS class such as `db.t4g.micro`, `db.r7g.large` or `db.serverless`, or null for the environment default."
  }
  validation {
    # Aurora runs on memory-optimised (r, x2), burstable medium/large and Serverless v2 classes
    # only; CreateDBInstance refuses anything else (m classes, micro and small burstables).
    condition     = !startswith(var.database_engine, "aurora-") || can(regex("^db\\.(serverless|(r[5-8][a-z]*|x2[a-z]*)\\.[a-z0-9]+|t[34]g?\\.(medium|large))$", coalesce(var.database_instance_class, "db.serverless")))
    error_message = "Aurora runs on db.r* and db.x2* classes, db.t3/db.t4g medium or large, or db.serverless: not on m classes or micro and small burstables. Use for example db.t4g.medium, or null for the default."
  }
  validation {
    condition     = startswith(var.database_engine, "aurora-") || var.database_instance_class != "db.serverless"
    error_message = "db.serverless exists for Aurora only: choose database_engine aurora-postgresql or aurora-mysql, or an instance class such as db.t4g.micro."
  }
}

variable "database_reader_count" {
  description = "Aurora reader instances besides the writer (0-9). Null means 1 in prod and 0 elsewhere."
  type        = number
  default     = null

  validation {
    condition     = var.database_reader_count == null || (coalesce(var.database_reader_count, 0) >= 0 && coalesce(var.database_reader_count, 0) <= 9 && floor(coalesce(var.database_reader_count, 0)) == coalesce(var.database_reader_count, 0))
    error_message = "database_reader_count must be a whole number from 0 to 9 (instances are named `<prefix>-0` to `<prefix>-9`), or null."
  }
  validation {
    condition     = coalesce(var.database_reader_count, 0) == 0 || startswith(var.database_engine, "aurora-")
    error_message = "database_reader_count applies to Aurora only: set database_engine to aurora-postgresql or aurora-mysql, or leave the count at 0/null."
  }
}

variable "database_allocated_storage" {
  description = "RDS instance storage in GiB (gp3). Null means 20 outside prod and 100 in prod. Ignored by Aurora."
  type        = number
  default     = null

  validation {
    condition     = var.database_allocated_storage == null || (coalesce(var.database_allocated_storage, 20) >= 20 && coalesce(var.database_allocated_storage, 20) <= 65536)
    error_message = "database_allocated_storage must be from 20 to 65536 GiB (the gp3 range), or null for the environment default."
  }
}

variable "database_backup_retention_days" {
  description = "Automated backup retention in days. Null means 14 in prod and 1 elsewhere."
  type        = number
  default     = null

  validation {
    condition     = var.database_backup_retention_days == null || (coalesce(var.database_backup_retention_days, 1) >= 1 && coalesce(var.database_backup_retention_days, 1) <= 35)
    error_message = "database_backup_retention_days must be from 1 to 35, or null for the environment default."
  }
}

# Cache ------------------------------------------------------------------------------------------

variable "cache_enabled" {
  description = "Create an ElastiCache Redis replication group (encrypted, IAM-authenticated)."
  type        = bool
  default     = false
}

variable "cache_node_type" {
  description = "ElastiCache node type. Null means the environment default (see README)."
  type        = string
  default     = null

  validation {
    condition     = var.cache_node_type == null || can(regex("^cache\\.[a-z][a-z0-9-]*\\.[a-z0-9]+$", coalesce(var.cache_node_type, "cache.t4g.micro")))
    error_message = "cache_node_type must be an ElastiCache node type such as `cache.t4g.micro` or `cache.m7g.large`, or null for the environment default."
  }
}

# Queue ------------------------------------------------------------------------------------------

variable "queue_enabled" {
  description = "Create an SQS queue with a dead-letter queue."
  type        = bool
  default     = false
}

variable "queue_max_receive_count" {
  description = "Receives before a message moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.queue_max_receive_count >= 1 && var.queue_max_receive_count <= 1000 && floor(var.queue_max_receive_count) == var.queue_max_receive_count
    error_message = "queue_max_receive_count must be a whole number from 1 to 1000 (SQS redrive policy limit)."
  }
}

variable "queue_visibility_timeout_seconds" {
  description = "How long a received message stays hidden; set it above the handler's worst-case time."
  type        = number
  default     = 30

  validation {
    condition     = var.queue_visibility_timeout_seconds >= 0 && var.queue_visibility_timeout_seconds <= 43200
    error_message = "queue_visibility_timeout_seconds must be from 0 to 43200 (12 hours)."
  }
}

# Lifecycle and platform ------------------------------------------------------------------------

variable "database_engine_major_version" {
  description = "Database major version (postgres and aurora-postgresql: 14-17; mysql and aurora-mysql: 8.0). AWS chooses and upgrades the minor. Null means 16 for PostgreSQL and 8.0 for MySQL. Raising it upgrades in place (allow_major_version_upgrade) with a new parameter group."
  type        = string
  default     = null

  validation {
    condition = var.database_engine_major_version == null || contains(
      startswith(var.database_engine, "aurora-mysql") || var.database_engine == "mysql" ? ["8.0"] : ["14", "15", "16", "17"],
      coalesce(var.database_engine_major_version, "-"),
    )
    error_message = "database_engine_major_version must be a major only (no minor): 14, 15, 16 or 17 for PostgreSQL engines, 8.0 for MySQL engines, or null for the default."
  }
}

variable "database_serverless_capacity" {
  description = "Aurora Serverless v2 capacity range in ACUs, required with database_instance_class = db.serverless, for example `{ min = 0.5, max = 4 }`."
  type = object({
    min = number
    max = number
  })
  default = null

  validation {
    condition     = var.database_serverless_capacity == null || try(var.database_serverless_capacity.min >= 0 && var.database_serverless_capacity.max >= 1 && var.database_serverless_capacity.max <= 256 && var.database_serverless_capacity.min <= var.database_serverless_capacity.max, false)
    error_message = "database_serverless_capacity needs 0 <= min <= max, max from 1 to 256 ACUs (Aurora Serverless v2 limits)."
  }
  validation {
    # CreateDBInstance refuses db.serverless on a cluster without a scaling configuration.
    condition     = (var.database_instance_class == "db.serverless") == (var.database_serverless_capacity != null)
    error_message = "db.serverless needs database_serverless_capacity (for example { min = 0.5, max = 4 }), and database_serverless_capacity applies only with database_instance_class = db.serverless."
  }
}

variable "decommission" {
  description = "Set to true, apply, then destroy, to retire the service: turns prod's deletion protection off. The final snapshot is still taken (see README, Decommissioning). Leave false otherwise."
  type        = bool
  default     = false
}

variable "secret_store_role_arn" {
  description = "IAM role of the platform's External Secrets store (ClusterSecretStore). When set, the service's key policy lets it decrypt through Secrets Manager only, so it can read the database secret. Null grants nothing."
  type        = string
  default     = null

  validation {
    condition     = var.secret_store_role_arn == null || can(regex("^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", coalesce(var.secret_store_role_arn, "x")))
    error_message = "secret_store_role_arn must be an IAM role ARN such as `arn:aws:iam::123456789012:role/external-secrets`, or null."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic of the environment's alerts (platform fact alarms.sns_topic_arn). The CloudWatch alarms on the dead-letter queue, database and cache notify it; null creates no alarms."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", coalesce(var.alarm_topic_arn, "x")))
    error_message = "alarm_topic_arn must be an SNS topic ARN such as `arn:aws:sns:eu-west-1:123456789012:fabrik-dev-alarms`, or null."
  }
}

variable "alarm_thresholds" {
  description = "Thresholds of the CloudWatch alarms; each field has a default. database_connections: about 80% of the engine's max_connections for the instance class."
  type = object({
    dlq_messages                  = optional(number, 0)
    dlq_oldest_message_seconds    = optional(number, 3600)
    database_cpu_percent          = optional(number, 80)
    database_connections          = optional(number, 100)
    database_free_storage_percent = optional(number, 10)
    aurora_free_local_storage_gib = optional(number, 2)
    cache_memory_percent          = optional(number, 80)
    cache_evictions               = optional(number, 0)
  })
  default  = {}
  nullable = false

  validation {
    condition = alltrue([
      var.alarm_thresholds.dlq_messages >= 0,
      var.alarm_thresholds.dlq_oldest_message_seconds >= 60,
      var.alarm_thresholds.database_cpu_percent > 0 && var.alarm_thresholds.database_cpu_percent < 100,
      var.alarm_thresholds.database_connections > 0,
      var.alarm_thresholds.database_free_storage_percent > 0 && var.alarm_thresholds.database_free_storage_percent < 100,
      var.alarm_thresholds.aurora_free_local_storage_gib > 0,
      var.alarm_thresholds.cache_memory_percent > 0 && var.alarm_thresholds.cache_memory_percent < 100,
      var.alarm_thresholds.cache_evictions >= 0,
    ])
    error_message = "alarm_thresholds: percentages lie between 0 and 100 (exclusive), counts are >= 0, database_connections and aurora_free_local_storage_gib > 0, dlq_oldest_message_seconds >= 60."
  }
}
