variable "project_id" {
  description = "Project that holds the bucket, the service account and the custom role."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a GCP project id: 6-30 lower case letters, digits or dashes, starting with a letter."
  }
}

variable "bucket_name" {
  description = "Globally unique bucket name."
  type        = string

  validation {
    condition = (
      can(regex("^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$", var.bucket_name)) &&
      !startswith(var.bucket_name, "goog") &&
      !strcontains(var.bucket_name, "google") &&
      !strcontains(var.bucket_name, "..") &&
      !can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", var.bucket_name))
    )
    error_message = "bucket_name must follow the GCS naming rules: 3-63 lower case letters, digits, dashes, underscores or dots, starting and ending with a letter or digit; not starting with \"goog\", not containing \"google\" or \"..\", not an IP address."
  }
}

variable "location" {
  description = "Bucket location: a region (`europe-west1`), dual-region or multi-region (`EU`, `US`)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+$", var.location))
    error_message = "location must be a GCS location such as europe-west1, EU or US."
  }
}

variable "storage_class" {
  description = "Storage class of the bucket."
  type        = string
  default     = "STANDARD"
  nullable    = false

  validation {
    condition     = contains(["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"], var.storage_class)
    error_message = "storage_class must be STANDARD, NEARLINE, COLDLINE or ARCHIVE (XComs are read soon after being written: STANDARD)."
  }
}

variable "prefix" {
  description = "Object name prefix of the XCom objects, without leading or trailing slash."
  type        = string
  default     = "xcom"
  nullable    = false

  validation {
    condition     = can(regex("^[^/]+(/[^/]+)*$", var.prefix))
    error_message = "prefix must be non-empty, without a leading or trailing slash and without empty segments."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete a bucket that still holds objects."
  type        = bool
  default     = false
  nullable    = false
}

variable "retention_days" {
  description = "Objects under the prefix are deleted this many days after creation."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.retention_days >= 1 && floor(var.retention_days) == var.retention_days
    error_message = "retention_days must be a whole number of days, 1 or more."
  }
}

variable "versioning" {
  description = "Enable object versioning. Noncurrent versions are then deleted after `retention_days` too."
  type        = bool
  default     = false
  nullable    = false
}

variable "soft_delete_retention_seconds" {
  description = "Soft-delete window. 0 turns it off (deleted XComs are not kept and not billed); GCS's own default is 604800 (7 days)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.soft_delete_retention_seconds == 0 || (var.soft_delete_retention_seconds >= 604800 && var.soft_delete_retention_seconds <= 7776000)
    error_message = "soft_delete_retention_seconds must be 0 or between 604800 (7 days) and 7776000 (90 days)."
  }
}

variable "kms_key_name" {
  description = "Cloud KMS key for CMEK (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`), or null for Google-managed encryption. Its location must be the bucket's: the same region, or for `EU`/`US`/`ASIA` and the dual-regions `EUR4`/`EUR5`/`EUR7`/`EUR8`/`NAM4`/`ASIA1` the multi-region `europe`/`us`/`asia`. The project's GCS service agent is granted encrypt/decrypt on it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_name == null || can(regex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", var.kms_key_name))
    error_message = "kms_key_name must be projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>."
  }

  validation {
    # GCS encrypts with a key of the bucket's own location only (a `global` key never works).
    condition = var.kms_key_name == null || try(
      split("/", var.kms_key_name)[3] == lookup({
        eu   = "europe", us = "us", asia = "asia",
        eur4 = "europe", eur5 = "europe", eur7 = "europe", eur8 = "europe", nam4 = "us", asia1 = "asia",
      }, lower(var.location), lower(var.location)),
      false,
    )
    error_message = "kms_key_name must be in the bucket's location: the same region for a regional bucket, europe/us/asia for EU/US/ASIA and for the dual-regions EUR4, EUR5, EUR7, EUR8, NAM4, ASIA1. GCS refuses a key of another location."
  }
}

variable "service_account_id" {
  description = "Account id of the service account Airflow uses."
  type        = string
  default     = "xcomkit-airflow"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.service_account_id))
    error_message = "service_account_id must be 6-30 lower case letters, digits or dashes, starting with a letter and not ending with a dash."
  }
}

variable "custom_role_id" {
  description = "Id of the project-level custom role holding only the object permissions. Deleted custom roles block their id for up to 44 days: pick a new one when re-creating."
  type        = string
  default     = "xcomkitObjectUser"
  nullable    = false

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.]{3,60}$", var.custom_role_id))
    error_message = "custom_role_id must be 3-60 letters, digits, underscores or dots (room is left for the List and Read suffixes)."
  }
}

variable "create_key" {
  description = "Opt-in: create a service account key and put it in the connection (`keyfile_dict`); the key is then in the state, and organisations with `iam.disableServiceAccountKeyCreation` refuse it. The default is keyless: GKE Workload Identity (`workload_identity`), an attached service account, or `impersonation`."
  type        = bool
  default     = false
  nullable    = false
}

variable "key_rotation_days" {
  description = "With `create_key`: the first apply after this many days replaces the key (time_rotating); run `xcomkit export` again afterwards. 0 keeps it until you taint it."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.key_rotation_days >= 0 && floor(var.key_rotation_days) == var.key_rotation_days
    error_message = "key_rotation_days must be a whole number of days, 0 (no rotation) or more."
  }
}

variable "workload_identity" {
  description = "Kubernetes service accounts `{ namespace, service_account }` of the Airflow workers on GKE; each gets `roles/iam.workloadIdentityUser` on the service account (annotate the KSA with `iam.gke.io/gcp-service-account = <identity>`)."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default  = []
  nullable = false
}

variable "workload_identity_project" {
  description = "Project of the GKE cluster, when it is not `project_id` (its pool is `<project>.svc.id.goog`)."
  type        = string
  default     = null
}

variable "impersonation" {
  description = "Keyless only: write `impersonation_chain = <service account email>` into the connection, so Airflow's own ADC identity impersonates the service account (list it in `token_creators`)."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !(var.impersonation && var.create_key)
    error_message = "impersonation is for keyless mode: set create_key = false with impersonation = true."
  }
}

variable "token_creators" {
  description = "Members (e.g. `serviceAccount:airflow@other.iam.gserviceaccount.com`, `principal://...`) allowed to impersonate the service account."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for m in var.token_creators : can(regex("^(user|serviceAccount|group|principal|principalSet):.+", m))])
    error_message = "token_creators entries must be IAM members such as serviceAccount:<email> or principal://..."
  }
}

variable "access_log_bucket" {
  description = "Bucket that receives the XCom bucket's usage logs, or null for none (Cloud Audit Logs cover data access)."
  type        = string
  default     = null
}

variable "access_log_prefix" {
  description = "Object prefix of the usage logs in `access_log_bucket` (null: the bucket name)."
  type        = string
  default     = null
}

variable "create_preview_identity" {
  description = "Also create a read-only service account and connection for the API server: `storage.objects.get` under the prefix only; keyless like the workers' (`preview_workload_identity`, `impersonation` with `preview_token_creators`), a key only with `create_key`."
  type        = bool
  default     = false
  nullable    = false
}

variable "preview_workload_identity" {
  description = "Kubernetes service accounts of the API server for the read-only service account, same shape as `workload_identity`."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default  = []
  nullable = false
}

variable "preview_token_creators" {
  description = "Members allowed to impersonate the read-only service account."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for m in var.preview_token_creators : can(regex("^(user|serviceAccount|group|principal|principalSet):.+", m))])
    error_message = "preview_token_creators entries must be IAM members such as serviceAccount:<email>."
  }
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_gcp"
  nullable    = false
}

variable "preview_conn_id" {
  description = "Airflow connection id of the read-only connection (null: `<conn_id>_preview`)."
  type        = string
  default     = null
}

variable "xcomkit_settings" {
  description = "The backend's `[xcomkit]` settings (`threshold`, `compression`, `dataframe_format`, `env_connection_format`, `routes`), passed unchanged to modules/airflow-connection, which types and validates them."
  type        = any
  default     = {}
  nullable    = false
}

variable "labels" {
  description = "Labels for the bucket."
  type        = map(string)
  default     = {}
  nullable    = false
}
