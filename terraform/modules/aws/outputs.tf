output "bucket" {
  description = "Name of the XCom bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the XCom bucket."
  value       = aws_s3_bucket.this.arn
}

output "prefix" {
  description = "Key prefix of the XCom objects."
  value       = var.prefix
}

output "region" {
  description = "Region of the bucket."
  value       = data.aws_region.current.region
}

output "identity" {
  description = "ARN of the IAM user (`user` mode) or name of the role the policy is attached to (`role` mode)."
  value       = local.user_mode ? try(aws_iam_user.this[0].arn, null) : var.role_name
}

output "iam_policy_arn" {
  description = "ARN of the least-privilege IAM policy."
  value       = aws_iam_policy.this.arn
}

output "iam_policy_json" {
  description = "The least-privilege IAM policy document."
  value       = module.policy.policy_json
}

output "access_key_id" {
  description = "Access key id of the IAM user, or null."
  value       = try(aws_iam_access_key.this[0].id, null)
}

output "encrypted_secret_access_key" {
  description = "With `pgp_key`: the secret access key encrypted with it (base64). Decrypt it and add it to the connection yourself."
  value       = try(aws_iam_access_key.this[0].encrypted_secret, null)
}

output "airflow_connection_id" {
  description = "The Airflow connection id."
  value       = module.connection.conn_id
}

output "airflow_connection_uri" {
  description = "The Airflow connection as a URI (holds the secret access key unless `pgp_key` or role mode)."
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
