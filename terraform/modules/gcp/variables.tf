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
  description = "Cloud KMS key for CMEK (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`), or null for Google-managed encryption. The project's GCS service agent is granted encrypt/decrypt on it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_name == null || can(regex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", var.kms_key_name))
    error_message = "kms_key_name must be projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>."
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
    condition     = can(regex("^[a-zA-Z0-9_.]{3,64}$", var.custom_role_id))
    error_message = "custom_role_id must be 3-64 letters, digits, underscores or dots."
  }
}

variable "create_key" {
  description = "Create a service account key and put it in the connection (`keyfile_dict`). New organisations forbid keys by default (iam.disableServiceAccountKeyCreation): set false and use ADC or impersonation."
  type        = bool
  default     = true
  nullable    = false
}

variable "impersonation" {
  description = "Keyless only: write `impersonation_chain = <service account email>` into the connection, so Airflow's own ADC identity impersonates the service account."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !(var.impersonation && var.create_key)
    error_message = "impersonation is for keyless mode: set create_key = false with impersonation = true."
  }
}

variable "token_creators" {
  description = "Members (e.g. `serviceAccount:airflow@other.iam.gserviceaccount.com`, `principal://...` for Workload Identity) allowed to impersonate the service account."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for m in var.token_creators : can(regex("^(user|serviceAccount|group|principal|principalSet):.+", m))])
    error_message = "token_creators entries must be IAM members such as serviceAccount:<email> or principal://..."
  }
}

variable "conn_id" {
  description = "Airflow connection id."
  type        = string
  default     = "xcomkit_gcp"
  nullable    = false
}

variable "threshold" {
  description = "AIRFLOW__XCOMKIT__THRESHOLD: bytes from which values go to the bucket (0 = all)."
  type        = number
  default     = 0
  nullable    = false
}

variable "compression" {
  description = "AIRFLOW__XCOMKIT__COMPRESSION: none, gzip or zstd."
  type        = string
  default     = "none"
  nullable    = false
}

variable "dataframe_format" {
  description = "AIRFLOW__XCOMKIT__DATAFRAME_FORMAT: parquet or csv."
  type        = string
  default     = "parquet"
  nullable    = false
}

variable "env_connection_format" {
  description = "Format of AIRFLOW_CONN_<ID> in `airflow_env`: json or uri."
  type        = string
  default     = "json"
  nullable    = false
}

variable "labels" {
  description = "Labels for the bucket."
  type        = map(string)
  default     = {}
  nullable    = false
}
