variable "resource_group_name" {
  description = "Existing resource group for the storage account."
  type        = string

  validation {
    condition     = can(regex("^[-\\w._()]{1,90}$", var.resource_group_name)) && !endswith(var.resource_group_name, ".")
    error_message = "resource_group_name must be 1-90 letters, digits, underscores, dashes, dots or parentheses, not ending with a dot."
  }
}

variable "location" {
  description = "Azure region of the storage account (e.g. westeurope)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+$", var.location))
    error_message = "location must be an Azure region name such as westeurope (lower case, no spaces)."
  }
}

variable "storage_account_name" {
  description = "Globally unique storage account name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.storage_account_name))
    error_message = "storage_account_name must be 3-24 lower case letters and digits."
  }
}

variable "account_replication_type" {
  description = "Replication of the storage account. LRS suits short-lived XComs; ZRS/GRS for more durability."
  type        = string
  default     = "LRS"
  nullable    = false

  validation {
    condition     = contains(["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"], var.account_replication_type)
    error_message = "account_replication_type must be LRS, ZRS, GRS, RAGRS, GZRS or RAGZRS."
  }
}

variable "container_name" {
  description = "Private blob container that holds the XCom blobs."
  type        = string
  default     = "xcom"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.container_name)) && !strcontains(var.container_name, "--")
    error_message = "container_name must be 3-63 lower case letters, digits and single dashes, starting and ending with a letter or digit."
  }
}

variable "prefix" {
  description = "Blob name prefix of the XCom blobs inside the container, without leading or trailing slash."
  type        = string
  default     = "xcom"
  nullable    = false

  validation {
    condition     = can(regex("^[^/]+(/[^/]+)*$", var.prefix))
    error_message = "prefix must be non-empty, without a leading or trailing slash and without empty segments."
  }
}

variable "retention_days" {
  description = "Blobs under the prefix are deleted this many days after their last modification."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.retention_days >= 1 && floor(var.retention_days) == var.retention_days
    error_message = "retention_days must be a whole number of days, 1 or more."
  }
}

variable "soft_delete_days" {
  description = "Days deleted blobs and containers are kept (soft delete)."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.soft_delete_days >= 1 && var.soft_delete_days <= 365 && floor(var.soft_delete_days) == var.soft_delete_days
    error_message = "soft_delete_days must be a whole number between 1 and 365."
  }
}

variable "versioning" {
  description = "Enable blob versioning. Old versions are then deleted after `retention_days` too."
  type        = bool
  default     = false
  nullable    = false
}

variable "public_network_access_enabled" {
  description = "Reach the account from public networks (Airflow outside a VNet). With `allowed_ip_ranges` the firewall admits only those."
  type        = bool
  default     = true
  nullable    = false
}

variable "allowed_ip_ranges" {
  description = "Public IPv4 addresses or CIDR ranges (prefix /0 to /30) allowed through the storage firewall; empty leaves the firewall open (authentication still required). Validated as azurerm validates `ip_rules`: no /31 or /32, no private range (10/8, 172.16/12, 192.168/16), no IPv6."
  type        = list(string)
  default     = []
  nullable    = false

  # The first two rules are azurerm's own (internal/services/storage/validate/storage_account_ip_rule.go):
  # what it rejects must fail here at plan time, not only in a real `terraform validate`.
  validation {
    condition     = alltrue([for r in var.allowed_ip_ranges : can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}(/([0-9]|[1-2][0-9]|30))?$", r))])
    error_message = "allowed_ip_ranges entries must be an IPv4 address, optionally with a prefix length of 0-30 (e.g. 23.45.1.0/30): azurerm rejects /31, /32 and IPv6."
  }

  validation {
    condition = alltrue([
      for r in var.allowed_ip_ranges : !(
        try(split(".", r)[0] == "10", false) ||
        try(split(".", r)[0] == "172" && tonumber(split(".", r)[1]) >= 16 && tonumber(split(".", r)[1]) <= 31, false) ||
        try(split(".", r)[0] == "192" && tonumber(split(".", r)[1]) == 168, false)
      )
    ])
    error_message = "allowed_ip_ranges entries must be public: the storage firewall takes no private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16); reach the account from a VNet with a private endpoint or service endpoint instead."
  }

  # Beyond azurerm, which lets 999.1.1.1 through to the API: every octet must be 0-255.
  validation {
    condition     = alltrue([for r in var.allowed_ip_ranges : alltrue([for o in split(".", split("/", r)[0]) : try(tonumber(o) <= 255, false)])])
    error_message = "allowed_ip_ranges entries must have octets of 0-255."
  }
}

variable "identity_mode" {
  description = "`managed_identity` (default, keyless): a new user-assigned managed identity with Storage Blob Data Contributor on the container, federated with AKS service accounts by `workload_identity`. `existing_principal`: the role goes to `principal_id` (a managed identity you manage). `service_principal` (opt-in, Airflow outside Azure): an app registration with a client secret rotated every `client_secret_rotation_days`, in the state."
  type        = string
  default     = "managed_identity"
  nullable    = false

  validation {
    condition     = contains(["managed_identity", "existing_principal", "service_principal"], var.identity_mode)
    error_message = "identity_mode must be managed_identity, existing_principal or service_principal (the account-key SAS mode is gone: shared keys are off)."
  }
}

variable "managed_identity_name" {
  description = "Name of the user-assigned managed identity (`managed_identity` mode); the read-only one gets `-preview` appended."
  type        = string
  default     = "xcomkit-airflow"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$", var.managed_identity_name))
    error_message = "managed_identity_name must be 3-120 letters, digits, dashes or underscores, starting with a letter or digit."
  }
}

variable "workload_identity" {
  description = "`managed_identity` mode on AKS: the workers' Kubernetes service accounts `{ namespace, service_account }`, each federated with the identity (issuer `aks_oidc_issuer_url`, audience api://AzureADTokenExchange)."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default  = []
  nullable = false

  validation {
    condition = alltrue([
      for w in var.workload_identity :
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", w.namespace)) && can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", w.service_account))
    ])
    error_message = "workload_identity entries must be Kubernetes names: namespace a DNS label, service_account a DNS subdomain; no wildcard."
  }
}

variable "aks_oidc_issuer_url" {
  description = "OIDC issuer URL of the AKS cluster (`azurerm_kubernetes_cluster.oidc_issuer_url`), needed with `workload_identity` or `preview_workload_identity`."
  type        = string
  default     = null

  validation {
    condition     = (length(var.workload_identity) + length(var.preview_workload_identity) == 0) || can(regex("^https://[^\\s]+$", coalesce(var.aks_oidc_issuer_url, "-")))
    error_message = "aks_oidc_issuer_url (https://...) is required with workload_identity or preview_workload_identity."
  }
}

variable "application_display_name" {
  description = "Display name of the app registration (`service_principal` mode)."
  type        = string
  default     = "xcomkit-airflow"
  nullable    = false
}

variable "client_secret_rotation_days" {
  description = "`service_principal` mode: the first apply after this many days issues a new client secret (time_rotating); the old one expires 30 days later. Run `xcomkit export` again afterwards. 0: one secret with the provider's default expiry (two years)."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.client_secret_rotation_days >= 0 && var.client_secret_rotation_days <= 700 && floor(var.client_secret_rotation_days) == var.client_secret_rotation_days
    error_message = "client_secret_rotation_days must be a whole number of days from 0 to 700 (Entra ID caps secrets at two years)."
  }
}

variable "principal_id" {
  description = "`existing_principal` mode: object id of the managed identity (or other principal) that gets the role."
  type        = string
  default     = null

  validation {
    condition     = (var.identity_mode == "existing_principal") == (var.principal_id != null)
    error_message = "principal_id is required with identity_mode = \"existing_principal\" and must be null otherwise."
  }
}

variable "managed_identity_client_id" {
  description = "`existing_principal` mode: client id of a user-assigned managed identity, written to the connection's `managed_identity_client_id` extra."
  type        = string
  default     = null
}

variable "log_analytics_workspace_id" {
  description = "Log Analytics workspace that receives the blob service's read/write/delete logs, or null for none."
  type        = string
  default     = null

  validation {
    condition     = var.log_analytics_workspace_id == null || can(regex("(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.OperationalInsights/workspaces/[^/]+$", coalesce(var.log_analytics_workspace_id, "-")))
    error_message = "log_analytics_workspace_id must be a Log Analytics workspace resource id."
  }
}

variable "create_preview_identity" {
  description = "Also create a read-only identity and connection for the API server: Storage Blob Data Reader on the container. Same kind as the workers' (`managed_identity`: its own managed identity, federated by `preview_workload_identity`; `service_principal`: its own app and secret; `existing_principal`: `preview_principal_id`)."
  type        = bool
  default     = false
  nullable    = false
}

variable "preview_workload_identity" {
  description = "The API server's Kubernetes service accounts, federated with the read-only managed identity."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default  = []
  nullable = false

  validation {
    condition = alltrue([
      for w in var.preview_workload_identity :
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", w.namespace)) && can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", w.service_account))
    ])
    error_message = "preview_workload_identity entries must be Kubernetes names; no wildcard."
  }
}

variable "preview_principal_id" {
  description = "`existing_principal` mode with `create_preview_identity`: object id of the principal that gets Storage Blob Data Reader."
  type        = string
  default     = null

  validation {
    condition     = !(var.create_preview_identity && var.identity_mode == "existing_principal" && var.preview_principal_id == null)
    error_message = "preview_principal_id is required with identity_mode = \"existing_principal\" and create_preview_identity = true."
  }
}

variable "preview_managed_identity_client_id" {
  description = "`existing_principal` mode: client id written to the read-only connection's `managed_identity_client_id`."
  type        = string
  default     = null
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_azure"
  nullable    = false
}

variable "preview_conn_id" {
  description = "Airflow connection id of the read-only connection (null: `<conn_id>_preview`)."
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
  description = "Tags for the storage account."
  type        = map(string)
  default     = {}
  nullable    = false
}
