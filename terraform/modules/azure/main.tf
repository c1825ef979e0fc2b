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

# --- identity -------------------------------------------------------------------------------------

# Keyless (default): a user-assigned managed identity, optionally federated with AKS service
# accounts (workload identity); the connection names it, no secret anywhere.
resource "azurerm_user_assigned_identity" "this" {
  count               = local.mi_mode ? 1 : 0
  name                = var.managed_identity_name
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
}

resource "azurerm_federated_identity_credential" "this" {
  for_each = local.mi_mode ? { for w in var.workload_identity : "${w.namespace}/${w.service_account}" => w } : {}

  name                = substr(replace("${each.value.namespace}-${each.value.service_account}", ".", "-"), 0, 120)
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.this[0].id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = var.aks_oidc_issuer_url
  subject             = "system:serviceaccount:${each.value.namespace}:${each.value.service_account}"
}

# Opt-in: an app registration with a client secret (Airflow outside Azure), rotated on a schedule.
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

resource "time_rotating" "secret" {
  count         = local.rotate_secret ? 1 : 0
  rotation_days = var.client_secret_rotation_days
}

resource "azuread_application_password" "this" {
  count          = local.sp_mode ? 1 : 0
  application_id = azuread_application.this[0].id
  display_name   = "xcomkit-airflow"
  # A new secret on the first apply after rotation; the old one stays valid 30 more days, so a
  # missed apply does not lock Airflow out at once.
  rotate_when_changed = local.rotate_secret ? { rotation = time_rotating.secret[0].id } : null
  end_date            = local.rotate_secret ? timeadd(time_rotating.secret[0].rfc3339, "${(var.client_secret_rotation_days + 30) * 24}h") : null

  lifecycle {
    create_before_destroy = true
  }
}

resource "azurerm_role_assignment" "this" {
  scope                = local.container_scope
  role_definition_name = "Storage Blob Data Contributor"
  principal_id = (
    local.mi_mode ? azurerm_user_assigned_identity.this[0].principal_id :
    local.sp_mode ? azuread_service_principal.this[0].object_id : var.principal_id
  )
  # A new principal may not have replicated yet; skip the check that would fail on it.
  skip_service_principal_aad_check = !local.existing_mode
}

# --- read-only identity for the API server --------------------------------------------------------

resource "azurerm_user_assigned_identity" "preview" {
  count               = local.preview && local.mi_mode ? 1 : 0
  name                = "${var.managed_identity_name}-preview"
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
}

resource "azurerm_federated_identity_credential" "preview" {
  for_each = local.preview && local.mi_mode ? { for w in var.preview_workload_identity : "${w.namespace}/${w.service_account}" => w } : {}

  name                = substr(replace("${each.value.namespace}-${each.value.service_account}", ".", "-"), 0, 120)
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.preview[0].id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = var.aks_oidc_issuer_url
  subject             = "system:serviceaccount:${each.value.namespace}:${each.value.service_account}"
}

resource "azuread_application" "preview" {
  count        = local.preview && local.sp_mode ? 1 : 0
  display_name = "${var.application_display_name}-preview"
  owners       = [data.azurerm_client_config.current.object_id]
}

resource "azuread_service_principal" "preview" {
  count     = local.preview && local.sp_mode ? 1 : 0
  client_id = azuread_application.preview[0].client_id
  owners    = [data.azurerm_client_config.current.object_id]
}

resource "azuread_application_password" "preview" {
  count               = local.preview && local.sp_mode ? 1 : 0
  application_id      = azuread_application.preview[0].id
  display_name        = "xcomkit-airflow-preview"
  rotate_when_changed = local.rotate_secret ? { rotation = time_rotating.secret[0].id } : null
  end_date            = local.rotate_secret ? timeadd(time_rotating.secret[0].rfc3339, "${(var.client_secret_rotation_days + 30) * 24}h") : null

  lifecycle {
    create_before_destroy = true
  }
}

resource "azurerm_role_assignment" "preview" {
  count                = local.preview ? 1 : 0
  scope                = local.container_scope
  role_definition_name = "Storage Blob Data Reader"
  principal_id = (
    local.mi_mode ? azurerm_user_assigned_identity.preview[0].principal_id :
    local.sp_mode ? azuread_service_principal.preview[0].object_id : var.preview_principal_id
  )
  skip_service_principal_aad_check = !local.existing_mode
}

# --- Airflow --------------------------------------------------------------------------------------

locals {
  tenant_id = data.azurerm_client_config.current.tenant_id
  # WasbHook: with tenant_id it signs in as login (client id) / password (client secret); without
  # credentials it uses DefaultAzureCredential with managed_identity_client_id (and, for AKS
  # workload identity, workload_identity_tenant_id). host is the blob endpoint because login is
  # not the account name in service principal mode.
  mi_extra = length(var.workload_identity) > 0 ? { workload_identity_tenant_id = local.tenant_id } : {}
}

module "connection" {
  source = "../airflow-connection"

  conn_id   = var.conn_id
  conn_type = "wasb"
  host      = local.blob_host
  login     = local.sp_mode ? azuread_application.this[0].client_id : azurerm_storage_account.this.name
  password  = local.sp_mode ? azuread_application_password.this[0].value : null
  extra = merge(
    local.sp_mode ? { tenant_id = local.tenant_id } : {},
    local.mi_mode ? merge({ managed_identity_client_id = azurerm_user_assigned_identity.this[0].client_id }, local.mi_extra) : {},
    local.existing_mode && var.managed_identity_client_id != null ? { managed_identity_client_id = var.managed_identity_client_id } : {},
  )

  storage_scheme   = "wasb"
  bucket           = azurerm_storage_container.this.name
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}

module "preview_connection" {
  source = "../airflow-connection"
  count  = local.preview ? 1 : 0

  conn_id   = local.preview_conn_id
  conn_type = "wasb"
  host      = local.blob_host
  login     = local.sp_mode ? azuread_application.preview[0].client_id : azurerm_storage_account.this.name
  password  = local.sp_mode ? azuread_application_password.preview[0].value : null
  extra = merge(
    local.sp_mode ? { tenant_id = local.tenant_id } : {},
    local.mi_mode ? merge({ managed_identity_client_id = azurerm_user_assigned_identity.preview[0].client_id }, length(var.preview_workload_identity) > 0 ? { workload_identity_tenant_id = local.tenant_id } : {}) : {},
    local.existing_mode && var.preview_managed_identity_client_id != null ? { managed_identity_client_id = var.preview_managed_identity_client_id } : {},
  )

  storage_scheme   = "wasb"
  bucket           = azurerm_storage_container.this.name
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}

locals {
  preview_env = local.preview ? {
    (module.preview_connection[0].conn_env_var) = module.preview_connection[0].conn_env_value
    AIRFLOW__XCOMKIT__PREVIEW_CONN_ID           = local.preview_conn_id
  } : {}
}

# The role assignment lost its count when the SAS mode (the only one without it) went away.
moved {
  from = azurerm_role_assignment.this[0]
  to   = azurerm_role_assignment.this
}
