variable "region" {
  description = "AWS region of the bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region such as eu-west-1."
  }
}

variable "name" {
  description = "Name of the IAM user, group and policy."
  type        = string
  default     = "xcomkit"
}

variable "bucket" {
  description = "Exact bucket name, or null to generate one from `bucket_prefix`."
  type        = string
  default     = null
}

variable "bucket_prefix" {
  description = "Prefix of the generated bucket name."
  type        = string
  default     = "xcomkit-"
}

variable "prefix" {
  description = "Key prefix of the XCom objects (no leading/trailing slash)."
  type        = string
  default     = "xcom"
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete a non-empty bucket."
  type        = bool
  default     = false
}

variable "retention_days" {
  description = "Days after which XCom objects expire."
  type        = number
  default     = 30
}

variable "versioning" {
  description = "Enable bucket versioning."
  type        = bool
  default     = false
}

variable "sse_algorithm" {
  description = "AES256 (SSE-S3) or aws:kms."
  type        = string
  default     = "AES256"
}

variable "kms_key_arn" {
  description = "Customer managed KMS key ARN for aws:kms, or null."
  type        = string
  default     = null
}

variable "identity_mode" {
  description = "role (default, keyless: a new role trusted by `trust`), existing_role (attach the policy to role_name) or user (opt-in IAM user + rotated access key)."
  type        = string
  default     = "role"
}

variable "trust" {
  description = "role mode: the workload that assumes the role (eks_irsa, eks_pod_identity, ecs_tasks, ec2, principal_arns, external_id); see terraform/modules/aws-trust."
  type        = any
  default     = {}
}

variable "connection_assume_role" {
  description = "role mode: auto, none, assume_role or assume_role_with_web_identity (role_arn in the connection)."
  type        = string
  default     = "auto"
}

variable "role_name" {
  description = "Name of the role to create (role mode; null: name) or the existing role (existing_role mode)."
  type        = string
  default     = null
}

variable "create_access_key" {
  description = "user mode: create an access key."
  type        = bool
  default     = true
}

variable "access_key_rotation_days" {
  description = "user mode: replace the access key on the first apply after this many days (0: never)."
  type        = number
  default     = 90
}

variable "pgp_key" {
  description = "user mode: PGP key to encrypt the secret access key (keeps it out of state and outputs)."
  type        = string
  default     = null
}

variable "access_log_bucket" {
  description = "Bucket for S3 server access logs of the XCom bucket, or null."
  type        = string
  default     = null
}

variable "create_preview_identity" {
  description = "Also create a read-only identity and connection for the API server."
  type        = bool
  default     = false
}

variable "preview_trust" {
  description = "role mode: the API server's workload for the read-only role (null: same as trust)."
  type        = any
  default     = null
}

variable "preview_role_name" {
  description = "Name of the read-only role (role mode) or the existing role that gets the read-only policy (existing_role mode)."
  type        = string
  default     = null
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_aws"
}

variable "endpoint_url" {
  description = "Optional S3 endpoint_url for the connection."
  type        = string
  default     = null
}

variable "xcomkit_settings" {
  description = "[xcomkit] settings: threshold, compression, dataframe_format, env_connection_format, routes (see terraform/modules/airflow-connection)."
  type        = any
  default     = {}
}

variable "tags" {
  description = "Default tags for every AWS resource."
  type        = map(string)
  default     = { "managed-by" = "terraform", "app" = "xcomkit" }
}
