output "bucket" {
  description = "Name of the XCom container (the `bucket` of the backend path)."
  value       = azurerm_storage_container.this.name
}

output "storage_account_name" {
  description = "Name of the storage account."
  value       = azurerm_storage_account.this.name
}

output "storage_account_id" {
  description = "Resource id of the storage account."
  value       = azurerm_storage_account.this.id
}

output "prefix" {
  description = "Blob name prefix of the XCom blobs."
  value       = var.prefix
}

output "identity" {
  description = "Client id of the managed identity (`managed_identity`), the principal id given (`existing_principal`), or the client id of the service principal (`service_principal`)."
  value       = local.mi_mode ? try(azurerm_user_assigned_identity.this[0].client_id, null) : (local.existing_mode ? var.principal_id : try(azuread_application.this[0].client_id, null))
}

output "managed_identity_id" {
  description = "Resource id of the user-assigned managed identity (assign it to the VM, App Service or AKS node pool), or null."
  value       = try(azurerm_user_assigned_identity.this[0].id, null)
}

output "managed_identity_principal_id" {
  description = "Object (principal) id of the user-assigned managed identity, or null."
  value       = try(azurerm_user_assigned_identity.this[0].principal_id, null)
}

output "role_assignment_scope" {
  description = "Scope of the Storage Blob Data Contributor assignment: the container."
  value       = local.container_scope
}

output "airflow_connection_id" {
  description = "The Airflow connection id."
  value       = module.connection.conn_id
}

output "airflow_connection_uri" {
  description = "The Airflow connection as a URI (no secret by default; the client secret in `service_principal` mode)."
  value       = module.connection.uri
  sensitive   = true
}

output "airflow_connection_json" {
  description = "The Airflow connection as JSON."
  value       = module.connection.json
  sensitive   = true
}

output "airflow_env" {
  description = "Environment for every Airflow component: AIRFLOW_CONN_<ID>, AIRFLOW__CORE__XCOM_BACKEND, AIRFLOW__XCOMKIT__*."
  value       = module.connection.env
  sensitive   = true
}

output "airflow_settings_env" {
  description = "The non-secret part of `airflow_env` (backend class and [xcomkit] options)."
  value       = module.connection.settings_env
}

output "airflow_preview_connection_id" {
  description = "Connection id of the read-only identity for the API server, or null without `create_preview_identity`."
  value       = try(module.preview_connection[0].conn_id, null)
}

output "airflow_preview_connection_uri" {
  description = "The read-only connection as a URI, or null."
  value       = try(module.preview_connection[0].uri, null)
  sensitive   = true
}

output "airflow_preview_env" {
  description = "For the API server: `AIRFLOW_CONN_<PREVIEW_ID>` and `AIRFLOW__XCOMKIT__PREVIEW_CONN_ID`; empty without `create_preview_identity`."
  value       = local.preview_env
  sensitive   = true
}

output "preview_identity" {
  description = "Client id of the read-only managed identity or service principal, the principal id given, or null."
  value       = local.preview ? (local.mi_mode ? try(azurerm_user_assigned_identity.preview[0].client_id, null) : (local.existing_mode ? var.preview_principal_id : try(azuread_application.preview[0].client_id, null))) : null
}
