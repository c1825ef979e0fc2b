module "xcomkit" {
  source = "../modules/gcp"

  project_id            = var.project_id
  bucket_name           = var.bucket_name
  location              = var.location
  prefix                = var.prefix
  force_destroy         = var.force_destroy
  retention_days        = var.retention_days
  versioning            = var.versioning
  kms_key_name          = var.kms_key_name
  service_account_id    = var.service_account_id
  custom_role_id        = var.custom_role_id
  create_key            = var.create_key
  impersonation         = var.impersonation
  token_creators        = var.token_creators
  conn_id               = var.conn_id
  threshold             = var.threshold
  compression           = var.compression
  dataframe_format      = var.dataframe_format
  env_connection_format = var.env_connection_format
  labels                = var.labels
}
