module "xcomkit" {
  source = "../modules/aws"

  name                  = var.name
  bucket                = var.bucket
  bucket_prefix         = var.bucket_prefix
  prefix                = var.prefix
  force_destroy         = var.force_destroy
  retention_days        = var.retention_days
  versioning            = var.versioning
  sse_algorithm         = var.sse_algorithm
  kms_key_arn           = var.kms_key_arn
  identity_mode         = var.identity_mode
  role_name             = var.role_name
  create_access_key     = var.create_access_key
  pgp_key               = var.pgp_key
  conn_id               = var.conn_id
  endpoint_url          = var.endpoint_url
  threshold             = var.threshold
  compression           = var.compression
  dataframe_format      = var.dataframe_format
  env_connection_format = var.env_connection_format
}
