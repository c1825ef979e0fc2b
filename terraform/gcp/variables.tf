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
  description = "Opt-in: create a service account key (in the state; rotated every key_rotation_days). Default keyless."
  type        = bool
  default     = false
}

variable "key_rotation_days" {
  description = "With create_key: replace the key on the first apply after this many days (0: never)."
  type        = number
  default     = 90
}

variable "workload_identity" {
  description = "GKE Workload Identity: the workers' Kubernetes service accounts, [{ namespace, service_account }]."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default = []
}

variable "workload_identity_project" {
  description = "Project of the GKE cluster when it is not project_id."
  type        = string
  default     = null
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

variable "access_log_bucket" {
  description = "Bucket for the XCom bucket's usage logs, or null."
  type        = string
  default     = null
}

variable "create_preview_identity" {
  description = "Also create a read-only service account and connection for the API server."
  type        = bool
  default     = false
}

variable "preview_workload_identity" {
  description = "GKE Workload Identity for the read-only service account (the API server's KSAs)."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default = []
}

variable "preview_token_creators" {
  description = "Members allowed to impersonate the read-only service account."
  type        = list(string)
  default     = []
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_gcp"
}

variable "xcomkit_settings" {
  description = "[xcomkit] settings: threshold, compression, dataframe_format, env_connection_format, routes (see terraform/modules/airflow-connection)."
  type        = any
  default     = {}
}

variable "labels" {
  description = "Labels for the bucket."
  type        = map(string)
  default     = { "managed-by" = "terraform", "app" = "xcomkit" }
}
