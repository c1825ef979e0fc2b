variable "name" {
  description = "Name of the IAM user, group and policy (and default bucket name prefix)."
  type        = string
  default     = "xcomkit"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,52}$", var.name))
    error_message = "name must be 1-52 characters of letters, digits and +=,.@_- (IAM names; room is left for suffixes)."
  }
}

variable "bucket" {
  description = "Exact bucket name. Null to let AWS pick a unique name from `bucket_prefix`."
  type        = string
  default     = null

  validation {
    condition = var.bucket == null || (
      can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket)) &&
      !strcontains(var.bucket, "..") &&
      !can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", var.bucket)) &&
      !startswith(var.bucket, "xn--") &&
      !endswith(var.bucket, "-s3alias") &&
      !endswith(var.bucket, "--ol-s3")
    )
    error_message = "bucket must follow the S3 naming rules: 3-63 lower case letters, digits, dots and dashes; start and end with a letter or digit; no \"..\"; not an IP address; no xn-- prefix nor -s3alias/--ol-s3 suffix."
  }
}

variable "bucket_prefix" {
  description = "Prefix of the generated bucket name, used when `bucket` is null."
  type        = string
  default     = "xcomkit-"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{0,36}$", var.bucket_prefix))
    error_message = "bucket_prefix must be 1-37 lower case letters, digits, dots and dashes, starting with a letter or digit."
  }
}

variable "prefix" {
  description = "Key prefix of the XCom objects, without leading or trailing slash. The identity may only touch keys under it."
  type        = string
  default     = "xcom"
  nullable    = false

  validation {
    condition     = can(regex("^[^/*?]+(/[^/*?]+)*$", var.prefix))
    error_message = "prefix must be non-empty, without a leading or trailing slash, without empty segments and without * or ?."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete a bucket that still holds objects."
  type        = bool
  default     = false
  nullable    = false
}

variable "retention_days" {
  description = "Objects under the prefix expire this many days after creation."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.retention_days >= 1 && floor(var.retention_days) == var.retention_days
    error_message = "retention_days must be a whole number of days, 1 or more."
  }
}

variable "abort_incomplete_multipart_days" {
  description = "Incomplete multipart uploads anywhere in the bucket are aborted after this many days."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.abort_incomplete_multipart_days >= 1 && floor(var.abort_incomplete_multipart_days) == var.abort_incomplete_multipart_days
    error_message = "abort_incomplete_multipart_days must be a whole number of days, 1 or more."
  }
}

variable "versioning" {
  description = "Enable bucket versioning. Noncurrent versions then expire after `retention_days` too."
  type        = bool
  default     = false
  nullable    = false
}

variable "sse_algorithm" {
  description = "Default encryption: `AES256` (SSE-S3) or `aws:kms` (SSE-KMS, with `kms_key_arn` or the AWS managed key)."
  type        = string
  default     = "AES256"
  nullable    = false

  validation {
    condition     = contains(["AES256", "aws:kms"], var.sse_algorithm)
    error_message = "sse_algorithm must be AES256 or aws:kms."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for SSE-KMS (needs `sse_algorithm = \"aws:kms\"`). The identity then gets GenerateDataKey/Decrypt on it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || (var.sse_algorithm == "aws:kms" && can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn)))
    error_message = "kms_key_arn must be a KMS key ARN (not an alias) and needs sse_algorithm = \"aws:kms\"."
  }
}

variable "identity_mode" {
  description = "`role` (default, keyless): the module creates an IAM role trusted by the workload in `trust` (EKS IRSA, EKS Pod Identity, ECS task, EC2, or principal ARNs) and the connection carries no secret. `existing_role`: the policy is attached to `role_name`, a role you manage. `user` (opt-in): an IAM user with an access key, rotated every `access_key_rotation_days`; the key is in the state unless `pgp_key` is set."
  type        = string
  default     = "role"
  nullable    = false

  validation {
    condition     = contains(["role", "existing_role", "user"], var.identity_mode)
    error_message = "identity_mode must be role, existing_role or user."
  }
}

variable "trust" {
  description = "`role` mode: who may assume the role, `{ eks_irsa = [{ oidc_provider_arn, namespace, service_account }], eks_pod_identity = [{ cluster_name, namespace, service_account }], ecs_tasks = bool, ec2 = bool, principal_arns = [...], external_id = \"...\" }`. Typed and validated by modules/aws-trust (see its README)."
  type        = any
  default     = {}
  nullable    = false
}

variable "connection_assume_role" {
  description = "`role` mode: `auto` (role_arn in the connection only for `trust.principal_arns`), `none`, `assume_role` or `assume_role_with_web_identity` (IRSA token file read by the hook). See modules/aws-trust."
  type        = string
  default     = "auto"
  nullable    = false
}

variable "role_name" {
  description = "`role` mode: name of the role to create (null: `name`). `existing_role` mode: the existing role the policy is attached to (required)."
  type        = string
  default     = null

  validation {
    condition     = var.identity_mode != "existing_role" || var.role_name != null
    error_message = "role_name is required with identity_mode = \"existing_role\"."
  }

  validation {
    condition     = var.role_name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,56}$", coalesce(var.role_name, "-")))
    error_message = "role_name must be 1-56 characters of letters, digits and +=,.@_- (room is left for the -preview suffix)."
  }
}

variable "max_session_duration" {
  description = "`role` mode: longest session, in seconds, a workload can ask for (3600-43200)."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200 && floor(var.max_session_duration) == var.max_session_duration
    error_message = "max_session_duration must be a whole number of seconds between 3600 and 43200."
  }
}

variable "create_access_key" {
  description = "`user` mode: create an access key for the user. Without one the connection carries no secret (add a key out of band)."
  type        = bool
  default     = true
  nullable    = false
}

variable "access_key_rotation_days" {
  description = "`user` mode: the first apply after this many days replaces the access key (time_rotating); run `xcomkit export` again afterwards. 0 keeps the key until you taint it."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.access_key_rotation_days >= 0 && floor(var.access_key_rotation_days) == var.access_key_rotation_days
    error_message = "access_key_rotation_days must be a whole number of days, 0 (no rotation) or more."
  }
}

variable "pgp_key" {
  description = "`user` mode: PGP key (`keybase:<user>` or base64 public key) to encrypt the secret access key. The secret then stays out of state and out of the connection outputs: decrypt `encrypted_secret_access_key` and add it yourself."
  type        = string
  default     = null
}

variable "iam_path" {
  description = "Path of the IAM role, user, group and policy."
  type        = string
  default     = "/xcomkit/"
  nullable    = false

  validation {
    condition     = can(regex("^/([A-Za-z0-9+=,.@_-]+/)*$", var.iam_path))
    error_message = "iam_path must begin and end with / (e.g. / or /xcomkit/)."
  }
}

variable "access_log_bucket" {
  description = "Bucket that receives S3 server access logs of the XCom bucket (it must allow the logging service to write), or null for none. CloudTrail data events are the alternative for audit."
  type        = string
  default     = null

  validation {
    condition     = var.access_log_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", coalesce(var.access_log_bucket, "-")))
    error_message = "access_log_bucket must be an S3 bucket name."
  }
}

variable "access_log_prefix" {
  description = "Key prefix of the access logs in `access_log_bucket`."
  type        = string
  default     = "xcomkit/"
  nullable    = false
}

variable "create_preview_identity" {
  description = "Also create a read-only identity and connection for the API server (it shows XCom values, never writes them): GetObject on `<prefix>/*` only. Same kind as the workers' (`role`: a role trusted by `preview_trust`; `user`: a user with its own key; `existing_role`: attached to `preview_role_name`)."
  type        = bool
  default     = false
  nullable    = false
}

variable "preview_trust" {
  description = "`role` mode: who may assume the read-only role (the API server's workload), same shape as `trust`; null reuses `trust`."
  type        = any
  default     = null
}

variable "preview_connection_assume_role" {
  description = "`role` mode: how the read-only connection reaches its role, as `connection_assume_role` (the API server's workload may differ from the workers')."
  type        = string
  default     = "auto"
  nullable    = false
}

variable "preview_role_name" {
  description = "`existing_role` mode with `create_preview_identity`: the existing role that gets the read-only policy. `role` mode: name of the read-only role (null: `<role name>-preview`)."
  type        = string
  default     = null

  validation {
    condition     = !(var.create_preview_identity && var.identity_mode == "existing_role" && var.preview_role_name == null)
    error_message = "preview_role_name is required with identity_mode = \"existing_role\" and create_preview_identity = true."
  }
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_aws"
  nullable    = false
}

variable "preview_conn_id" {
  description = "Airflow connection id of the read-only connection (null: `<conn_id>_preview`)."
  type        = string
  default     = null
}

variable "endpoint_url" {
  description = "Optional S3 endpoint for the connection's `endpoint_url` extra (VPC endpoint, FIPS endpoint)."
  type        = string
  default     = null
}

variable "xcomkit_settings" {
  description = "The backend's `[xcomkit]` settings (`threshold`, `compression`, `dataframe_format`, `env_connection_format`, `routes`), passed unchanged to modules/airflow-connection, which types and validates them."
  type        = any
  default     = {}
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
  nullable    = false
}
