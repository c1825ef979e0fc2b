# The same output names in terraform/aws, terraform/gcp and terraform/azure: `xcomkit export`
# reads them with `terraform output -json` and no per-cloud branch.

output "airflow_connection_id" {
  description = "The Airflow connection id."
  value       = module.xcomkit.airflow_connection_id
}

output "airflow_connection_uri" {
  description = "The Airflow connection as a URI."
  value       = module.xcomkit.airflow_connection_uri
  sensitive   = true
}

output "airflow_connection_json" {
  description = "The Airflow connection as JSON."
  value       = module.xcomkit.airflow_connection_json
  sensitive   = true
}

output "airflow_env" {
  description = "Environment variables for every Airflow component."
  value       = module.xcomkit.airflow_env
  sensitive   = true
}

output "bucket" {
  description = "The XCom bucket."
  value       = module.xcomkit.bucket
}

output "prefix" {
  description = "Key prefix of the XCom objects."
  value       = module.xcomkit.prefix
}

output "identity" {
  description = "ARN of the role (role mode), the existing role's name, or the IAM user's ARN (user mode)."
  value       = module.xcomkit.identity
}

output "encrypted_secret_access_key" {
  description = "With pgp_key: the encrypted secret access key to decrypt and add to the connection."
  value       = module.xcomkit.encrypted_secret_access_key
}

output "airflow_preview_connection_id" {
  description = "Connection id of the API server's read-only identity, or null."
  value       = module.xcomkit.airflow_preview_connection_id
}

output "airflow_preview_connection_uri" {
  description = "The read-only connection as a URI, or null."
  value       = module.xcomkit.airflow_preview_connection_uri
  sensitive   = true
}

output "airflow_preview_env" {
  description = "For the API server: AIRFLOW_CONN_<PREVIEW_ID> and AIRFLOW__XCOMKIT__PREVIEW_CONN_ID (empty when disabled)."
  value       = module.xcomkit.airflow_preview_env
  sensitive   = true
}
