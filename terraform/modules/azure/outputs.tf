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
  description = "Client id of the service principal, the principal id given (managed_identity), or the storage account name (sas)."
  value       = local.sp_mode ? try(azuread_application.this[0].client_id, null) : (local.mi_mode ? var.principal_id : azurerm_storage_account.this.name)
}

output "role_assignment_scope" {
  description = "Scope of the Storage Blob Data Contributor assignment (the container), or null in sas mode."
  value       = local.sas_mode ? null : local.container_scope
}

output "airflow_connection_id" {
  description = "The Airflow connection id."
  value       = module.connection.conn_id
}

output "airflow_connection_uri" {
  description = "The Airflow connection as a URI (holds the client secret or SAS token)."
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
