output "bucket" {
  description = "Name of the XCom bucket."
  value       = google_storage_bucket.this.name
}

output "bucket_url" {
  description = "gs:// URL of the XCom bucket."
  value       = google_storage_bucket.this.url
}

output "prefix" {
  description = "Object name prefix of the XCom objects."
  value       = var.prefix
}

output "identity" {
  description = "Email of the service account Airflow uses."
  value       = google_service_account.this.email
}

output "custom_role_id" {
  description = "Full id of the custom role (projects/<p>/roles/<id>)."
  value       = google_project_iam_custom_role.this.id
}

output "permissions" {
  description = "The permissions of the custom role."
  value       = local.object_permissions
}

output "airflow_connection_id" {
  description = "The Airflow connection id."
  value       = module.connection.conn_id
}

output "airflow_connection_uri" {
  description = "The Airflow connection as a URI (holds the service account key unless create_key = false)."
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
