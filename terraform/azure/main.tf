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
  application_display_name      = var.application_display_name
  client_secret_end_date        = var.client_secret_end_date
  principal_id                  = var.principal_id
  managed_identity_client_id    = var.managed_identity_client_id
  sas_start                     = var.sas_start
  sas_expiry                    = var.sas_expiry
  conn_id                       = var.conn_id
  threshold                     = var.threshold
  compression                   = var.compression
  dataframe_format              = var.dataframe_format
  env_connection_format         = var.env_connection_format
  tags                          = var.tags
}
