variable "project_id" {
  description = "GCP project for the bucket and the service account."
  type        = string
}

variable "bucket_name" {
  description = "Globally unique bucket name."
  type        = string
}

variable "location" {
  description = "Bucket location (region, dual- or multi-region)."
  type        = string
  default     = "EU"
}

variable "prefix" {
  description = "Object name prefix of the XCom objects (no leading/trailing slash)."
  type        = string
  default     = "xcom"
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete a non-empty bucket."
  type        = bool
  default     = false
}

variable "retention_days" {
  description = "Days after which XCom objects are deleted."
  type        = number
  default     = 30
}

variable "versioning" {
  description = "Enable object versioning."
  type        = bool
  default     = false
}

variable "kms_key_name" {
  description = "Cloud KMS key for CMEK, or null."
  type        = string
  default     = null
}

variable "service_account_id" {
  description = "Account id of Airflow's service account."
  type        = string
  default     = "xcomkit-airflow"
}

variable "custom_role_id" {
  description = "Id of the custom object role."
  type        = string
  default     = "xcomkitObjectUser"
}

variable "create_key" {
  description = "Create a service account key (false: keyless, ADC or impersonation)."
  type        = bool
  default     = true
}

variable "impersonation" {
  description = "Keyless: put impersonation_chain = <service account> in the connection."
  type        = bool
  default     = false
}

variable "token_creators" {
  description = "Members allowed to impersonate the service account."
  type        = list(string)
  default     = []
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_gcp"
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

variable "labels" {
  description = "Labels for the bucket."
  type        = map(string)
  default     = { "managed-by" = "terraform", "app" = "xcomkit" }
}
