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
  description = "Every permission the workers' service account holds on the bucket: the prefix-conditioned object rights and listing."
  value       = concat(module.iam.writer_permissions, module.iam.list_permissions)
}

output "object_condition" {
  description = "The IAM condition that limits object rights to `<prefix>/`."
  value       = module.iam.object_condition.expression
}

output "airflow_connection_id" {
  description = "The Airflow connection id."
  value       = module.connection.conn_id
}

output "airflow_connection_uri" {
  description = "The Airflow connection as a URI (no secret by default; the service account key with create_key = true)."
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
  description = "Email of the read-only service account, or null."
  value       = try(google_service_account.preview[0].email, null)
}
