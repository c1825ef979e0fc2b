# --- Airflow --------------------------------------------------------------------------------------

module "connection" {
  source = "../airflow-connection"

  conn_id   = var.conn_id
  conn_type = "aws"
  login     = local.create_key ? aws_iam_access_key.this[0].id : null
  password  = local.secret_in_connection ? aws_iam_access_key.this[0].secret : null
  # role_arn / assume_role_method only where the workload assumes the role itself (modules/aws-trust).
  extra = merge(local.base_extra, try(module.trust[0].connection_extra, {}))

  storage_scheme   = "s3"
  bucket           = local.bucket
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}

module "preview_connection" {
  source = "../airflow-connection"
  count  = local.preview ? 1 : 0

  conn_id   = local.preview_conn_id
  conn_type = "aws"
  login     = local.create_key ? aws_iam_access_key.preview[0].id : null
  password  = local.secret_in_connection ? aws_iam_access_key.preview[0].secret : null
  extra     = merge(local.base_extra, try(module.preview_trust[0].connection_extra, {}))

  storage_scheme   = "s3"
  bucket           = local.bucket
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}

locals {
  # Empty without create_preview_identity, so every root has the output.
  preview_env = try(module.preview_connection[0].preview_env, {})
}
