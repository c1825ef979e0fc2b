module "xcomkit" {
  source = "../modules/gcp"

  project_id                = var.project_id
  bucket_name               = var.bucket_name
  location                  = var.location
  prefix                    = var.prefix
  force_destroy             = var.force_destroy
  retention_days            = var.retention_days
  versioning                = var.versioning
  kms_key_name              = var.kms_key_name
  service_account_id        = var.service_account_id
  custom_role_id            = var.custom_role_id
  create_key                = var.create_key
  key_rotation_days         = var.key_rotation_days
  workload_identity         = var.workload_identity
  workload_identity_project = var.workload_identity_project
  impersonation             = var.impersonation
  token_creators            = var.token_creators
  access_log_bucket         = var.access_log_bucket
  create_preview_identity   = var.create_preview_identity
  preview_workload_identity = var.preview_workload_identity
  preview_token_creators    = var.preview_token_creators
  conn_id                   = var.conn_id
  xcomkit_settings          = var.xcomkit_settings
  labels                    = var.labels
}
