locals {
  preview         = var.create_preview_identity
  preview_conn_id = coalesce(var.preview_conn_id, "${var.conn_id}_preview")
  rotate_keys     = var.create_key && var.key_rotation_days > 0
}

# Only what the backend does: write, read, delete and list objects, the object rights limited to
# the prefix by an IAM condition. No bucket-level permission (storage.buckets.*), no ACL or IAM
# permission (setIamPolicy), no HMAC key. Rendered and tested in the provider-free gcp-iam module.
module "iam" {
  source = "../gcp-iam"

  project_id                = var.project_id
  bucket                    = google_storage_bucket.this.name
  prefix                    = var.prefix
  workload_identity         = var.workload_identity
  preview_workload_identity = var.preview_workload_identity
  workload_identity_project = var.workload_identity_project
}

# --- bucket ---------------------------------------------------------------------------------------

resource "google_storage_bucket" "this" {
  # checkov:skip=CKV_GCP_62:Usage logs are opt-in (var.access_log_bucket): they need a second bucket the caller owns; Cloud Audit Logs cover data access.
  # checkov:skip=CKV_GCP_78:Versioning is opt-in (var.versioning): XComs are written once and deleted after retention_days.
  name          = var.bucket_name
  project       = var.project_id
  location      = var.location
  storage_class = var.storage_class
  force_destroy = var.force_destroy
  labels        = var.labels

  # The API default is "inherited", which lets a project or org policy allow public access.
  public_access_prevention    = "enforced"
  uniform_bucket_level_access = true

  versioning {
    enabled = var.versioning
  }

  soft_delete_policy {
    retention_duration_seconds = var.soft_delete_retention_seconds
  }

  lifecycle_rule {
    condition {
      age            = var.retention_days
      matches_prefix = ["${var.prefix}/"]
      with_state     = "ANY"
    }
    action {
      type = "Delete"
    }
  }

  dynamic "logging" {
    for_each = var.access_log_bucket == null ? [] : [var.access_log_bucket]
    content {
      log_bucket        = logging.value
      log_object_prefix = var.access_log_prefix
    }
  }

  dynamic "encryption" {
    for_each = var.kms_key_name == null ? [] : [var.kms_key_name]
    content {
      default_kms_key_name = encryption.value
    }
  }

  # The service agent must be able to use the key before the bucket is created with it.
  depends_on = [google_kms_crypto_key_iam_member.gcs_agent]
}

data "google_storage_project_service_account" "gcs_agent" {
  count   = var.kms_key_name == null ? 0 : 1
  project = var.project_id
}

resource "google_kms_crypto_key_iam_member" "gcs_agent" {
  count         = var.kms_key_name == null ? 0 : 1
  crypto_key_id = var.kms_key_name
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.gcs_agent[0].email_address}"
}

# --- identity -------------------------------------------------------------------------------------

resource "google_service_account" "this" {
  project      = var.project_id
  account_id   = var.service_account_id
  display_name = "Airflow XCom backend"
  description  = "Reads and writes XCom objects in gs://${var.bucket_name}/${var.prefix}/ (xcomkit)."
}

resource "google_project_iam_custom_role" "this" {
  project     = var.project_id
  role_id     = var.custom_role_id
  title       = "xcomkit XCom object user"
  description = "Object create/get/delete for the Airflow XCom backend; bound at bucket scope with a condition on the prefix."
  permissions = module.iam.writer_permissions
}

resource "google_project_iam_custom_role" "list" {
  project     = var.project_id
  role_id     = "${var.custom_role_id}List"
  title       = "xcomkit XCom object lister"
  description = "Object listing for the Airflow XCom backend; GCS checks it on the bucket, so no prefix condition applies."
  permissions = module.iam.list_permissions
}

# Bucket scope, not project scope: the service account can reach this bucket and no other, and
# its object rights only names under <prefix>/.
resource "google_storage_bucket_iam_member" "this" {
  bucket = google_storage_bucket.this.name
  role   = google_project_iam_custom_role.this.id
  member = google_service_account.this.member

  condition {
    title       = module.iam.object_condition.title
    description = module.iam.object_condition.description
    expression  = module.iam.object_condition.expression
  }
}

resource "google_storage_bucket_iam_member" "list" {
  bucket = google_storage_bucket.this.name
  role   = google_project_iam_custom_role.list.id
  member = google_service_account.this.member
}

# GKE Workload Identity: the workers' Kubernetes service accounts act as this service account.
resource "google_service_account_iam_member" "workload_identity" {
  for_each           = toset(module.iam.workload_identity_members)
  service_account_id = google_service_account.this.name
  role               = "roles/iam.workloadIdentityUser"
  member             = each.value
}

resource "google_service_account_iam_member" "token_creators" {
  for_each           = toset(var.token_creators)
  service_account_id = google_service_account.this.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = each.value
}

# Opt-in: a key file in the state and in the connection, replaced every key_rotation_days.
resource "time_rotating" "key" {
  count         = local.rotate_keys ? 1 : 0
  rotation_days = var.key_rotation_days
}

resource "google_service_account_key" "this" {
  count              = var.create_key ? 1 : 0
  service_account_id = google_service_account.this.name
  keepers            = local.rotate_keys ? { rotation = time_rotating.key[0].id } : null

  lifecycle {
    create_before_destroy = true
  }
}

# --- read-only identity for the API server --------------------------------------------------------

resource "google_service_account" "preview" {
  count        = local.preview ? 1 : 0
  project      = var.project_id
  account_id   = "${substr(var.service_account_id, 0, 22)}-preview"
  display_name = "Airflow API server (XCom preview)"
  description  = "Reads XCom objects in gs://${var.bucket_name}/${var.prefix}/, nothing else (xcomkit)."
}

resource "google_project_iam_custom_role" "read" {
  count       = local.preview ? 1 : 0
  project     = var.project_id
  role_id     = "${var.custom_role_id}Read"
  title       = "xcomkit XCom object viewer"
  description = "Object get for the Airflow API server; bound at bucket scope with a condition on the prefix."
  permissions = module.iam.reader_permissions
}

resource "google_storage_bucket_iam_member" "preview" {
  count  = local.preview ? 1 : 0
  bucket = google_storage_bucket.this.name
  role   = google_project_iam_custom_role.read[0].id
  member = google_service_account.preview[0].member

  condition {
    title       = module.iam.object_condition.title
    description = module.iam.object_condition.description
    expression  = module.iam.object_condition.expression
  }
}

resource "google_service_account_iam_member" "preview_workload_identity" {
  for_each           = local.preview ? toset(module.iam.preview_workload_identity_members) : toset([])
  service_account_id = google_service_account.preview[0].name
  role               = "roles/iam.workloadIdentityUser"
  member             = each.value
}

resource "google_service_account_iam_member" "preview_token_creators" {
  for_each           = local.preview ? toset(var.preview_token_creators) : toset([])
  service_account_id = google_service_account.preview[0].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = each.value
}

resource "google_service_account_key" "preview" {
  count              = var.create_key && local.preview ? 1 : 0
  service_account_id = google_service_account.preview[0].name
  keepers            = local.rotate_keys ? { rotation = time_rotating.key[0].id } : null

  lifecycle {
    create_before_destroy = true
  }
}

# --- Airflow --------------------------------------------------------------------------------------

module "connection" {
  source = "../airflow-connection"

  conn_id   = var.conn_id
  conn_type = "google_cloud_platform"
  extra = merge(
    { project = var.project_id },
    # private_key is the key file JSON, base64-encoded; GoogleBaseHook wants it as a JSON string.
    var.create_key ? { keyfile_dict = base64decode(google_service_account_key.this[0].private_key) } : {},
    var.impersonation ? { impersonation_chain = google_service_account.this.email } : {},
  )

  storage_scheme   = "gs"
  bucket           = google_storage_bucket.this.name
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}

module "preview_connection" {
  source = "../airflow-connection"
  count  = local.preview ? 1 : 0

  conn_id   = local.preview_conn_id
  conn_type = "google_cloud_platform"
  extra = merge(
    { project = var.project_id },
    var.create_key ? { keyfile_dict = base64decode(google_service_account_key.preview[0].private_key) } : {},
    var.impersonation ? { impersonation_chain = google_service_account.preview[0].email } : {},
  )

  storage_scheme   = "gs"
  bucket           = google_storage_bucket.this.name
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}

locals {
  # Empty without create_preview_identity, so every root has the output.
  preview_env = try(module.preview_connection[0].preview_env, {})
}
