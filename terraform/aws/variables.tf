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
  description = "user (IAM user + access key) or role (keyless: attach the policy to role_name)."
  type        = string
  default     = "user"
}

variable "role_name" {
  description = "Existing IAM role for role mode."
  type        = string
  default     = null
}

variable "create_access_key" {
  description = "Create an access key in user mode."
  type        = bool
  default     = true
}

variable "pgp_key" {
  description = "PGP key to encrypt the secret access key (keeps it out of state and outputs)."
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

variable "threshold" {
  description = "AIRFLOW__XCOMKIT__THRESHOLD (bytes; 0 = every value to the bucket)."
  type        = number
  default     = 0
}

variable "compression" {
  description = "AIRFLOW__XCOMKIT__COMPRESSION: none, gzip or zstd."
  type        = string
  default     = "none"
}

variable "dataframe_format" {
  description = "AIRFLOW__XCOMKIT__DATAFRAME_FORMAT: parquet or csv."
  type        = string
  default     = "parquet"
}

variable "env_connection_format" {
  description = "AIRFLOW_CONN_<ID> format in airflow_env: json or uri."
  type        = string
  default     = "json"
}

variable "tags" {
  description = "Default tags for every AWS resource."
  type        = map(string)
  default     = { "managed-by" = "terraform", "app" = "xcomkit" }
}
