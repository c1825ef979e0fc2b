data "azurerm_client_config" "current" {}

locals {
  sp_mode  = var.identity_mode == "service_principal"
  mi_mode  = var.identity_mode == "managed_identity"
  sas_mode = var.identity_mode == "sas"
  # Data-plane role scoped to the container, not the account.
  container_scope = "${azurerm_storage_account.this.id}/blobServices/default/containers/${azurerm_storage_container.this.name}"
  blob_host       = azurerm_storage_account.this.primary_blob_host
}

# --- storage --------------------------------------------------------------------------------------

resource "azurerm_storage_account" "this" {
  # checkov:skip=CKV2_AZURE_1:Encrypted at rest with Microsoft-managed keys; a customer-managed key needs a Key Vault this module does not own.
  # checkov:skip=CKV2_AZURE_33:A private endpoint needs a VNet Airflow may not run in; public_network_access_enabled and allowed_ip_ranges control exposure.
  # checkov:skip=CKV_AZURE_59:Airflow often runs outside Azure; access still needs Entra ID auth (or the SAS) and can be narrowed with allowed_ip_ranges.
  # checkov:skip=CKV_AZURE_206:XComs are short-lived and recomputable; replication is a variable (account_replication_type), LRS by default to keep cost down.
  # checkov:skip=CKV_AZURE_33:The account serves blobs only; there is no queue service to log.
  name                     = var.storage_account_name
  resource_group_name      = var.resource_group_name
  location                 = var.location
  account_kind             = "StorageV2"
  account_tier             = "Standard"
  account_replication_type = var.account_replication_type

  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  # Shared-key auth (account keys, SAS) only when the SAS mode needs it.
  shared_access_key_enabled         = local.sas_mode
  default_to_oauth_authentication   = true
  local_user_enabled                = false
  cross_tenant_replication_enabled  = false
  infrastructure_encryption_enabled = true
  public_network_access_enabled     = var.public_network_access_enabled

  blob_properties {
    versioning_enabled = var.versioning

    delete_retention_policy {
      days = var.soft_delete_days
    }

    container_delete_retention_policy {
      days = var.soft_delete_days
    }
  }

  dynamic "network_rules" {
    for_each = length(var.allowed_ip_ranges) > 0 ? [1] : []
    content {
      default_action = "Deny"
      ip_rules       = var.allowed_ip_ranges
      bypass         = ["AzureServices"]
    }
  }

  # SAS tokens signed by this account expire after a day at most when used.
  sas_policy {
    expiration_period = "1.00:00:00"
    expiration_action = "Log"
  }

  tags = var.tags
}

resource "azurerm_storage_container" "this" {
  # checkov:skip=CKV2_AZURE_21:Blob read logging needs a Log Analytics workspace this module does not own.
  name = var.container_name
  # Through the management plane (storage_account_id), so it works with shared keys disabled.
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}

resource "azurerm_storage_management_policy" "this" {
  storage_account_id = azurerm_storage_account.this.id

  rule {
    name    = "expire-xcom"
    enabled = true

    filters {
      # Prefix matches start with the container name.
      prefix_match = ["${azurerm_storage_container.this.name}/${var.prefix}/"]
      blob_types   = ["blockBlob"]
    }

    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.retention_days
      }

      dynamic "version" {
        for_each = var.versioning ? [1] : []
        content {
          delete_after_days_since_creation = var.retention_days
        }
      }
    }
  }
}

# --- identity -------------------------------------------------------------------------------------

resource "azuread_application" "this" {
  count        = local.sp_mode ? 1 : 0
  display_name = var.application_display_name
  owners       = [data.azurerm_client_config.current.object_id]
}

resource "azuread_service_principal" "this" {
  count     = local.sp_mode ? 1 : 0
  client_id = azuread_application.this[0].client_id
  owners    = [data.azurerm_client_config.current.object_id]
}

resource "azuread_application_password" "this" {
  count          = local.sp_mode ? 1 : 0
  application_id = azuread_application.this[0].id
  display_name   = "xcomkit-airflow"
  end_date       = var.client_secret_end_date
}

resource "azurerm_role_assignment" "this" {
  count                = local.sas_mode ? 0 : 1
  scope                = local.container_scope
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = local.sp_mode ? azuread_service_principal.this[0].object_id : var.principal_id
  # A new service principal may not have replicated yet; skip the check that would fail on it.
  skip_service_principal_aad_check = local.sp_mode
}

# SAS mode: signed locally with the account key, hence shared_access_key_enabled above.
data "azurerm_storage_account_blob_container_sas" "this" {
  count             = local.sas_mode ? 1 : 0
  connection_string = azurerm_storage_account.this.primary_connection_string
  container_name    = azurerm_storage_container.this.name
  https_only        = true
  start             = var.sas_start
  expiry            = var.sas_expiry

  permissions {
    read   = true
    add    = true
    create = true
    write  = true
    delete = true
    list   = true
  }
}

# --- Airflow --------------------------------------------------------------------------------------

module "connection" {
  source = "../airflow-connection"

  conn_id   = var.conn_id
  conn_type = "wasb"
  # WasbHook: with tenant_id it signs in as login (client id) / password (client secret); without
  # credentials it uses DefaultAzureCredential (managed identity); sas_token as AzureSasCredential.
  # host is the blob endpoint because login is not the account name in service principal mode.
  host     = local.blob_host
  login    = local.sp_mode ? azuread_application.this[0].client_id : azurerm_storage_account.this.name
  password = local.sp_mode ? azuread_application_password.this[0].value : null
  extra = merge(
    local.sp_mode ? { tenant_id = data.azurerm_client_config.current.tenant_id } : {},
    local.mi_mode && var.managed_identity_client_id != null ? { managed_identity_client_id = var.managed_identity_client_id } : {},
    # The SAS comes back as "?sv=..."; AzureSasCredential wants it without the "?".
    local.sas_mode ? { sas_token = trimprefix(data.azurerm_storage_account_blob_container_sas.this[0].sas, "?") } : {},
  )

  storage_scheme        = "wasb"
  bucket                = azurerm_storage_container.this.name
  prefix                = var.prefix
  threshold             = var.threshold
  compression           = var.compression
  dataframe_format      = var.dataframe_format
  env_connection_format = var.env_connection_format
}
