locals {
  # Only what the backend does: write, read, delete and list objects. No bucket-level permission
  # (storage.buckets.*), no ACL or IAM permission (setIamPolicy), no HMAC key.
  object_permissions = [
    "storage.objects.create",
    "storage.objects.delete",
    "storage.objects.get",
    "storage.objects.list",
  ]
}

# --- bucket ---------------------------------------------------------------------------------------

resource "google_storage_bucket" "this" {
  # checkov:skip=CKV_GCP_62:XCom objects are short-lived task data; usage/storage logs need a second bucket and are left to the caller (Cloud Audit Logs cover data access).
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
  description = "Object read/write/delete/list for the Airflow XCom backend; granted at bucket scope only."
  permissions = local.object_permissions
}

# Bucket scope, not project scope: the service account can reach this bucket and no other.
resource "google_storage_bucket_iam_member" "this" {
  bucket = google_storage_bucket.this.name
  role   = google_project_iam_custom_role.this.id
  member = google_service_account.this.member
}

resource "google_service_account_key" "this" {
  count              = var.create_key ? 1 : 0
  service_account_id = google_service_account.this.name
}

resource "google_service_account_iam_member" "token_creators" {
  for_each           = toset(var.token_creators)
  service_account_id = google_service_account.this.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = each.value
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

  storage_scheme        = "gs"
  bucket                = google_storage_bucket.this.name
  prefix                = var.prefix
  threshold             = var.threshold
  compression           = var.compression
  dataframe_format      = var.dataframe_format
  env_connection_format = var.env_connection_format
}
