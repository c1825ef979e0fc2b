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
  description = "managed_identity (default, keyless: a new user-assigned identity), existing_principal (principal_id) or service_principal (opt-in client secret, rotated)."
  type        = string
  default     = "managed_identity"
}

variable "managed_identity_name" {
  description = "Name of the user-assigned managed identity."
  type        = string
  default     = "xcomkit-airflow"
}

variable "workload_identity" {
  description = "AKS workload identity: the workers' Kubernetes service accounts, [{ namespace, service_account }]."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default = []
}

variable "aks_oidc_issuer_url" {
  description = "OIDC issuer URL of the AKS cluster, with workload_identity."
  type        = string
  default     = null
}

variable "application_display_name" {
  description = "Display name of the app registration (service_principal mode)."
  type        = string
  default     = "xcomkit-airflow"
}

variable "client_secret_rotation_days" {
  description = "service_principal mode: issue a new client secret on the first apply after this many days."
  type        = number
  default     = 90
}

variable "principal_id" {
  description = "existing_principal mode: object id of the principal that gets the role."
  type        = string
  default     = null
}

variable "managed_identity_client_id" {
  description = "existing_principal mode: user-assigned managed identity client id for the connection."
  type        = string
  default     = null
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace for blob read/write/delete logs, or null."
  type        = string
  default     = null
}

variable "create_preview_identity" {
  description = "Also create a read-only identity and connection for the API server."
  type        = bool
  default     = false
}

variable "preview_workload_identity" {
  description = "AKS workload identity for the read-only identity (the API server's KSAs)."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default = []
}

variable "preview_principal_id" {
  description = "existing_principal mode: object id of the principal that gets Storage Blob Data Reader."
  type        = string
  default     = null
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_azure"
}

variable "xcomkit_settings" {
  description = "[xcomkit] settings: threshold, compression, dataframe_format, env_connection_format, routes (see terraform/modules/airflow-connection)."
  type        = any
  default     = {}
}

variable "tags" {
  description = "Tags for the resource group and storage account."
  type        = map(string)
  default     = { "managed-by" = "terraform", "app" = "xcomkit" }
}
