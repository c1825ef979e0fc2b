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
  description = "ARN of the role (`role` mode), name of the role the policy is attached to (`existing_role`), or ARN of the IAM user (`user`)."
  value       = local.role_mode ? try(aws_iam_role.this[0].arn, null) : (local.existing_role ? var.role_name : try(aws_iam_user.this[0].arn, null))
}

output "role_arn" {
  description = "ARN of the role the module created (`role` mode), or null."
  value       = try(aws_iam_role.this[0].arn, null)
}

output "trust_policy_json" {
  description = "Trust policy of the created role (`role` mode), or null."
  value       = try(module.trust[0].trust_policy_json, null)
}

output "instance_profile_name" {
  description = "Instance profile of the role when `trust.ec2` is set, or null."
  value       = try(aws_iam_instance_profile.this[0].name, null)
}

output "iam_policy_arn" {
  description = "ARN of the least-privilege IAM policy."
  value       = aws_iam_policy.this.arn
}

output "iam_policy_json" {
  description = "The least-privilege IAM policy document."
  value       = module.policy.policy_json
}

output "bucket_policy_json" {
  description = "The bucket policy: TLS 1.2+ only, no SSE-C uploads."
  value       = module.policy.bucket_policy_json
}

output "access_key_id" {
  description = "Access key id of the IAM user (`user` mode), or null."
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
  description = "The Airflow connection as a URI (no secret in `role` mode; the secret access key in `user` mode unless `pgp_key`)."
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
  description = "ARN of the read-only role or user (name of the role in `existing_role` mode), or null."
  value       = local.preview ? (local.role_mode ? try(aws_iam_role.preview[0].arn, null) : (local.existing_role ? var.preview_role_name : try(aws_iam_user.preview[0].arn, null))) : null
}
