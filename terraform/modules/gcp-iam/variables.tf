variable "project_id" {
  description = "Project of the bucket and of the Google service accounts."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a GCP project id: 6-30 lower case letters, digits or dashes, starting with a letter."
  }
}

variable "bucket" {
  description = "Name of the XCom bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$", var.bucket))
    error_message = "bucket must be a GCS bucket name (3-63 lower case letters, digits, dashes, underscores, dots)."
  }
}

variable "prefix" {
  description = "Object name prefix the identity may read, write and delete under, without leading or trailing slash."
  type        = string
  default     = "xcom"
  nullable    = false

  validation {
    # A quote or backslash would end the CEL string literal of the condition.
    condition     = can(regex("^[^/\"\\\\]+(/[^/\"\\\\]+)*$", var.prefix))
    error_message = "prefix must be non-empty, without a leading or trailing slash, without empty segments, quotes or backslashes."
  }
}

variable "workload_identity" {
  description = "Kubernetes service accounts (`{ namespace, service_account }`) of the Airflow workers that act as the Google service account through GKE Workload Identity (`roles/iam.workloadIdentityUser`)."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default  = []
  nullable = false

  validation {
    condition = alltrue([
      for w in var.workload_identity :
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", w.namespace)) && can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", w.service_account))
    ])
    error_message = "workload_identity entries must be Kubernetes names: namespace a DNS label, service_account a DNS subdomain; no wildcard."
  }
}

variable "preview_workload_identity" {
  description = "Kubernetes service accounts of the API server for the read-only service account, same shape as `workload_identity`."
  type = list(object({
    namespace       = string
    service_account = string
  }))
  default  = []
  nullable = false

  validation {
    condition = alltrue([
      for w in var.preview_workload_identity :
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", w.namespace)) && can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", w.service_account))
    ])
    error_message = "preview_workload_identity entries must be Kubernetes names: namespace a DNS label, service_account a DNS subdomain; no wildcard."
  }
}

variable "workload_identity_project" {
  description = "Project of the GKE cluster, whose workload identity pool is `<project>.svc.id.goog` (null: `project_id`)."
  type        = string
  default     = null

  validation {
    condition     = var.workload_identity_project == null || can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", coalesce(var.workload_identity_project, "-")))
    error_message = "workload_identity_project must be a GCP project id."
  }
}
