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
  # Empty without create_preview_identity, so every root has the output.
  preview_env = try(module.preview_connection[0].preview_env, {})
}
