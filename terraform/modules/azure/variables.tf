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
  description = "Public IPs or CIDR ranges allowed through the storage firewall; empty leaves the firewall open (authentication still required)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for r in var.allowed_ip_ranges : can(cidrhost(strcontains(r, "/") ? r : "${r}/32", 0))])
    error_message = "allowed_ip_ranges entries must be IPv4 addresses or CIDR ranges."
  }
}

variable "identity_mode" {
  description = "`service_principal` (default): a new app registration + client secret, Storage Blob Data Contributor on the container. `managed_identity`: keyless, the role goes to `principal_id`. `sas`: a container SAS token (needs shared-key auth enabled on the account)."
  type        = string
  default     = "service_principal"
  nullable    = false

  validation {
    condition     = contains(["service_principal", "managed_identity", "sas"], var.identity_mode)
    error_message = "identity_mode must be service_principal, managed_identity or sas."
  }
}

variable "application_display_name" {
  description = "Display name of the app registration (service_principal mode)."
  type        = string
  default     = "xcomkit-airflow"
  nullable    = false
}

variable "client_secret_end_date" {
  description = "Expiry of the client secret (RFC 3339), or null for the provider default (two years)."
  type        = string
  default     = null

  validation {
    condition     = var.client_secret_end_date == null || can(formatdate("YYYY", var.client_secret_end_date))
    error_message = "client_secret_end_date must be an RFC 3339 timestamp such as 2027-01-01T00:00:00Z."
  }
}

variable "principal_id" {
  description = "Object id of the managed identity (or other principal) that gets the role, in managed_identity mode."
  type        = string
  default     = null

  validation {
    condition     = (var.identity_mode == "managed_identity") == (var.principal_id != null)
    error_message = "principal_id is required with identity_mode = \"managed_identity\" and must be null otherwise."
  }
}

variable "managed_identity_client_id" {
  description = "Client id of a user-assigned managed identity, written to the connection's `managed_identity_client_id` extra (managed_identity mode)."
  type        = string
  default     = null
}

variable "sas_start" {
  description = "Start of the container SAS validity (RFC 3339), sas mode."
  type        = string
  default     = null

  validation {
    condition     = var.identity_mode != "sas" || can(formatdate("YYYY", var.sas_start))
    error_message = "sas_start (RFC 3339) is required with identity_mode = \"sas\"."
  }
}

variable "sas_expiry" {
  description = "End of the container SAS validity (RFC 3339), sas mode. Keep it short and rotate by re-applying."
  type        = string
  default     = null

  validation {
    condition     = var.identity_mode != "sas" || (can(formatdate("YYYY", var.sas_expiry)) && can(timecmp(var.sas_expiry, var.sas_start)) && try(timecmp(var.sas_expiry, var.sas_start) > 0, false))
    error_message = "sas_expiry (RFC 3339, after sas_start) is required with identity_mode = \"sas\"."
  }
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_azure"
  nullable    = false
}

variable "threshold" {
  description = "AIRFLOW__XCOMKIT__THRESHOLD: bytes from which values go to the container (0 = all)."
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
  description = "Tags for the storage account."
  type        = map(string)
  default     = {}
  nullable    = false
}
