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
  description = "The XCom container."
  value       = module.xcomkit.bucket
}

output "prefix" {
  description = "Blob name prefix of the XCom blobs."
  value       = module.xcomkit.prefix
}

output "identity" {
  description = "Service principal client id, managed identity principal id, or account name (sas)."
  value       = module.xcomkit.identity
}

output "storage_account_name" {
  description = "The storage account."
  value       = module.xcomkit.storage_account_name
}
