data "azurerm_client_config" "current" {}

locals {
  mi_mode       = var.identity_mode == "managed_identity"
  existing_mode = var.identity_mode == "existing_principal"
  sp_mode       = var.identity_mode == "service_principal"
  preview       = var.create_preview_identity
  # Data-plane role scoped to the container, not the account.
  container_scope = "${azurerm_storage_account.this.id}/blobServices/default/containers/${azurerm_storage_container.this.name}"
  blob_host       = azurerm_storage_account.this.primary_blob_host
  preview_conn_id = coalesce(var.preview_conn_id, "${var.conn_id}_preview")
  rotate_secret   = local.sp_mode && var.client_secret_rotation_days > 0
}

# --- storage --------------------------------------------------------------------------------------

resource "azurerm_storage_account" "this" {
  # checkov:skip=CKV2_AZURE_1:Encrypted at rest with Microsoft-managed keys; a customer-managed key needs a Key Vault this module does not own.
  # checkov:skip=CKV2_AZURE_33:A private endpoint needs a VNet Airflow may not run in; public_network_access_enabled and allowed_ip_ranges control exposure.
  # checkov:skip=CKV_AZURE_59:Airflow often runs outside Azure; access still needs Entra ID auth and can be narrowed with allowed_ip_ranges or closed with public_network_access_enabled.
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
  # No shared-key auth: no account key works, no account-key SAS can be signed. Every data-plane
  # call (the backend's, and none from Terraform: see the README) goes through Entra ID.
  shared_access_key_enabled         = false
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

  # Management-plane settings only: with the provider's storage data_plane_available = false (the
  # roots set it), refresh and plan never call the blob endpoint, so they work from outside
  # the firewall (AVM storage account issue 148, azurerm issue 29984).
  dynamic "network_rules" {
    for_each = length(var.allowed_ip_ranges) > 0 ? [1] : []
    content {
      default_action = "Deny"
      ip_rules       = var.allowed_ip_ranges
      bypass         = ["AzureServices"]
    }
  }

  # No SAS can be signed with shared keys off; should one be enabled later, it lasts a day at most.
  sas_policy {
    expiration_period = "1.00:00:00"
    expiration_action = "Log"
  }

  tags = var.tags
}

resource "azurerm_storage_container" "this" {
  # checkov:skip=CKV2_AZURE_21:Blob read logging is opt-in (var.log_analytics_workspace_id): it needs a Log Analytics workspace the caller owns.
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

# Opt-in access logging: the blob service's read, write and delete logs to Log Analytics.
resource "azurerm_monitor_diagnostic_setting" "blob" {
  count                      = var.log_analytics_workspace_id == null ? 0 : 1
  name                       = "xcomkit-blob-access"
  target_resource_id         = "${azurerm_storage_account.this.id}/blobServices/default"
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category = "StorageRead"
  }

  enabled_log {
    category = "StorageWrite"
  }

  enabled_log {
    category = "StorageDelete"
  }
}
