output "conn_id" {
  description = "The Airflow connection id."
  value       = var.conn_id
}

output "conn_env_var" {
  description = "Name of the environment variable that carries the connection (`AIRFLOW_CONN_<ID>`)."
  value       = local.conn_env_var
}

output "uri" {
  description = "The connection in Airflow's URI format (extras as one `__extra__` JSON parameter)."
  value       = local.uri
  sensitive   = true
}

output "json" {
  description = "The connection in Airflow's JSON format."
  value       = local.json
  sensitive   = true
}

output "conn_env_value" {
  description = "The value of `AIRFLOW_CONN_<ID>`: the JSON or URI form, as `env_connection_format` says."
  value       = local.conn_env_value
  sensitive   = true
}

output "env" {
  description = "Every environment variable Airflow needs: AIRFLOW_CONN_<ID>, AIRFLOW__CORE__XCOM_BACKEND and AIRFLOW__XCOMKIT__*."
  value       = local.env
  sensitive   = true
}

output "preview_env" {
  description = "This connection as the API server's read-only one (issue #14): `AIRFLOW_CONN_<ID>` and `AIRFLOW__XCOMKIT__PREVIEW_CONN_ID = <conn_id>`, nothing else (the API server takes the other settings from `settings_env`)."
  value = {
    (local.conn_env_var)              = local.conn_env_value
    AIRFLOW__XCOMKIT__PREVIEW_CONN_ID = var.conn_id
  }
  sensitive = true
}

output "settings" {
  description = "The backend's `[xcomkit]` options (lower case names, string values). Holds no secret."
  value       = local.settings
}

output "settings_env" {
  description = "The non-secret part of `env`: AIRFLOW__CORE__XCOM_BACKEND and AIRFLOW__XCOMKIT__*."
  value       = local.settings_env
}

output "path" {
  description = "The backend's root path (AIRFLOW__XCOMKIT__PATH)."
  value       = local.settings.path
}
