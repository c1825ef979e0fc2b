variable "subscription_id" {
  description = "Azure subscription (azurerm 4.x needs it explicitly, or ARM_SUBSCRIPTION_ID)."
  type        = string
  default     = null
}

variable "resource_group_name" {
  description = "Resource group created for the storage account."
  type        = string
  default     = "xcomkit"
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "storage_account_name" {
  description = "Globally unique storage account name (3-24 lower case letters and digits)."
  type        = string
}

variable "account_replication_type" {
  description = "LRS, ZRS, GRS, RAGRS, GZRS or RAGZRS."
  type        = string
  default     = "LRS"
}

variable "container_name" {
  description = "Private container for the XCom blobs."
  type        = string
  default     = "xcom"
}

variable "prefix" {
  description = "Blob name prefix of the XCom blobs (no leading/trailing slash)."
  type        = string
  default     = "xcom"
}

variable "retention_days" {
  description = "Days after which XCom blobs are deleted."
  type        = number
  default     = 30
}

variable "versioning" {
  description = "Enable blob versioning."
  type        = bool
  default     = false
}

variable "public_network_access_enabled" {
  description = "Reach the account from public networks."
  type        = bool
  default     = true
}

variable "allowed_ip_ranges" {
  description = "IPs/CIDRs allowed through the storage firewall (empty: open, authentication still required)."
  type        = list(string)
  default     = []
}

variable "identity_mode" {
  description = "service_principal, managed_identity or sas."
  type        = string
  default     = "service_principal"
}

variable "application_display_name" {
  description = "Display name of the app registration (service_principal mode)."
  type        = string
  default     = "xcomkit-airflow"
}

variable "client_secret_end_date" {
  description = "Expiry of the client secret (RFC 3339), or null."
  type        = string
  default     = null
}

variable "principal_id" {
  description = "Managed identity object id (managed_identity mode)."
  type        = string
  default     = null
}

variable "managed_identity_client_id" {
  description = "User-assigned managed identity client id for the connection (managed_identity mode)."
  type        = string
  default     = null
}

variable "sas_start" {
  description = "SAS validity start, RFC 3339 (sas mode)."
  type        = string
  default     = null
}

variable "sas_expiry" {
  description = "SAS validity end, RFC 3339 (sas mode)."
  type        = string
  default     = null
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_azure"
}

variable "threshold" {
  description = "AIRFLOW__XCOMKIT__THRESHOLD (bytes; 0 = every value to the container)."
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
  description = "Tags for the resource group and storage account."
  type        = map(string)
  default     = { "managed-by" = "terraform", "app" = "xcomkit" }
}
