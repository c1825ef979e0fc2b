resource "azurerm_resource_group" "this" {
  name     = var.resource_group_name
  location = var.location
  tags     = var.tags
}

module "xcomkit" {
  source = "../modules/azure"

  resource_group_name           = azurerm_resource_group.this.name
  location                      = azurerm_resource_group.this.location
  storage_account_name          = var.storage_account_name
  account_replication_type      = var.account_replication_type
  container_name                = var.container_name
  prefix                        = var.prefix
  retention_days                = var.retention_days
  versioning                    = var.versioning
  public_network_access_enabled = var.public_network_access_enabled
  allowed_ip_ranges             = var.allowed_ip_ranges
  identity_mode                 = var.identity_mode
  managed_identity_name         = var.managed_identity_name
  workload_identity             = var.workload_identity
  aks_oidc_issuer_url           = var.aks_oidc_issuer_url
  application_display_name      = var.application_display_name
  client_secret_rotation_days   = var.client_secret_rotation_days
  principal_id                  = var.principal_id
  managed_identity_client_id    = var.managed_identity_client_id
  log_analytics_workspace_id    = var.log_analytics_workspace_id
  create_preview_identity       = var.create_preview_identity
  preview_workload_identity     = var.preview_workload_identity
  preview_principal_id          = var.preview_principal_id
  conn_id                       = var.conn_id
  xcomkit_settings              = var.xcomkit_settings
  tags                          = var.tags
}
