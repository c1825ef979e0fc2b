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
  description = "`user`: a dedicated IAM user in a group, with an access key. `role`: keyless, the policy is attached to `role_name` (IRSA, instance profile, ECS task role) and the connection has no secret."
  type        = string
  default     = "user"
  nullable    = false

  validation {
    condition     = contains(["user", "role"], var.identity_mode)
    error_message = "identity_mode must be user or role."
  }
}

variable "role_name" {
  description = "Existing IAM role to attach the policy to, when `identity_mode = \"role\"`."
  type        = string
  default     = null

  validation {
    condition     = (var.identity_mode == "role") == (var.role_name != null)
    error_message = "role_name is required with identity_mode = \"role\" and must be null with identity_mode = \"user\"."
  }
}

variable "create_access_key" {
  description = "In `user` mode, create an access key for the user. Without one the connection carries no secret (add a key out of band)."
  type        = bool
  default     = true
  nullable    = false
}

variable "pgp_key" {
  description = "PGP key (`keybase:<user>` or base64 public key) to encrypt the secret access key. The secret then stays out of state and out of the connection outputs: decrypt `encrypted_secret_access_key` and add it yourself."
  type        = string
  default     = null
}

variable "iam_path" {
  description = "Path of the IAM user, group and policy."
  type        = string
  default     = "/xcomkit/"
  nullable    = false

  validation {
    condition     = can(regex("^/([A-Za-z0-9+=,.@_-]+/)*$", var.iam_path))
    error_message = "iam_path must begin and end with / (e.g. / or /xcomkit/)."
  }
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_aws"
  nullable    = false
}

variable "endpoint_url" {
  description = "Optional S3 endpoint for the connection's `endpoint_url` extra (VPC endpoint, FIPS endpoint)."
  type        = string
  default     = null
}

variable "threshold" {
  description = "AIRFLOW__XCOMKIT__THRESHOLD: bytes from which values go to the bucket (0 = all)."
  type        = number
  default     = 0
  nullable    = false
}

variable "compression" {
  description = "AIRFLOW__XCOMKIT__COMPRESSION: none, gzip or zstd."
  type        = string
  default     = "none"
  nullable    = false
}

variable "dataframe_format" {
  description = "AIRFLOW__XCOMKIT__DATAFRAME_FORMAT: parquet or csv."
  type        = string
  default     = "parquet"
  nullable    = false
}

variable "env_connection_format" {
  description = "Format of AIRFLOW_CONN_<ID> in `airflow_env`: json or uri."
  type        = string
  default     = "json"
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
  nullable    = false
}
