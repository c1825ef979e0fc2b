module "xcomkit" {
  source = "../modules/aws"

  name                     = var.name
  bucket                   = var.bucket
  bucket_prefix            = var.bucket_prefix
  prefix                   = var.prefix
  force_destroy            = var.force_destroy
  retention_days           = var.retention_days
  versioning               = var.versioning
  sse_algorithm            = var.sse_algorithm
  kms_key_arn              = var.kms_key_arn
  identity_mode            = var.identity_mode
  trust                    = var.trust
  connection_assume_role   = var.connection_assume_role
  role_name                = var.role_name
  create_access_key        = var.create_access_key
  access_key_rotation_days = var.access_key_rotation_days
  pgp_key                  = var.pgp_key
  access_log_bucket        = var.access_log_bucket
  create_preview_identity  = var.create_preview_identity
  preview_trust            = var.preview_trust
  preview_role_name        = var.preview_role_name
  conn_id                  = var.conn_id
  endpoint_url             = var.endpoint_url
  xcomkit_settings         = var.xcomkit_settings
}
