variable "conn_id" {
  description = "Airflow connection id. Also the user part of the backend's path (`s3://<conn_id>@bucket/prefix`) and the suffix of the `AIRFLOW_CONN_<ID>` environment variable."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,249}$", var.conn_id))
    error_message = "conn_id must start with a letter and hold only letters, digits and underscores (at most 250 characters), so that AIRFLOW_CONN_<ID> is a valid environment variable name."
  }
}

variable "conn_type" {
  description = "Airflow connection type: `aws`, `google_cloud_platform` or `wasb` for the clouds this kit provisions."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]*$", var.conn_type))
    error_message = "conn_type must be lower case letters, digits and underscores, starting with a letter (e.g. aws, google_cloud_platform, wasb)."
  }
}

variable "login" {
  description = "Connection login (AWS access key id, Azure client id or account name). Null when the identity is keyless."
  type        = string
  default     = null
}

variable "password" {
  description = "Connection password (AWS secret access key, Azure client secret). Null when the identity is keyless."
  type        = string
  default     = null
  sensitive   = true
}

variable "host" {
  description = "Connection host without a scheme (e.g. `myaccount.blob.core.windows.net`). Null when the hook does not need one."
  type        = string
  default     = null

  validation {
    condition     = var.host == null || can(regex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", var.host))
    error_message = "host must be a lower case DNS name without scheme, port or path (URIs lower-case the host, so anything else would not round-trip)."
  }
}

variable "port" {
  description = "Connection port, or null."
  type        = number
  default     = null

  validation {
    condition     = var.port == null || (var.port >= 1 && var.port <= 65535 && floor(var.port) == var.port)
    error_message = "port must be an integer between 1 and 65535."
  }
}

variable "schema" {
  description = "Connection schema field, or null (the object-storage hooks do not use it)."
  type        = string
  default     = null
}

variable "extra" {
  description = "Connection extras, e.g. `region_name`, `role_arn`, `keyfile_dict`, `tenant_id`; values may be nested objects where the hook reads one (`assume_role_kwargs`, `service_config`). Sensitive: key files travel here."
  type        = any
  default     = {}
  nullable    = false
  sensitive   = true

  validation {
    condition     = can(keys(var.extra))
    error_message = "extra must be a map or object of connection extras."
  }
}

variable "storage_scheme" {
  description = "Scheme of the backend path: `s3` (AWS, MinIO), `gs` (GCS) or `wasb` (Azure Blob)."
  type        = string

  validation {
    condition     = contains(["s3", "gs", "wasb"], var.storage_scheme)
    error_message = "storage_scheme must be one of s3, gs, wasb."
  }
}

variable "bucket" {
  description = "Bucket (or Azure container) that holds the XCom objects."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$", var.bucket))
    error_message = "bucket must be 3-222 lower case letters, digits, dots, dashes or underscores, starting and ending with a letter or digit."
  }
}

variable "prefix" {
  description = "Key prefix under which XCom objects are written, without leading or trailing slash (e.g. `xcom` or `airflow/xcom`)."
  type        = string
  default     = "xcom"

  validation {
    condition     = can(regex("^[^/]+(/[^/]+)*$", var.prefix))
    error_message = "prefix must be non-empty, without a leading or trailing slash and without empty segments (\"//\")."
  }
}

variable "xcom_backend" {
  description = "Dotted path of the XCom backend class, written to AIRFLOW__CORE__XCOM_BACKEND."
  type        = string
  default     = "xcomkit.backend.ObjectStorageXComBackend"

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$", var.xcom_backend))
    error_message = "xcom_backend must be a dotted Python path such as xcomkit.backend.ObjectStorageXComBackend."
  }
}

variable "xcomkit_settings" {
  description = <<-EOT
    The backend's `[xcomkit]` settings, declared once here and passed unchanged by every cloud module and root:
    `threshold` (bytes from which a value goes to the store; 0 sends every value), `compression` (`none`, `gzip`, `zstd`),
    `dataframe_format` (`parquet`, `csv`), `env_connection_format` (how `AIRFLOW_CONN_<ID>` is written: `json` or `uri`) and
    `routes` (`[xcomkit] routes`: a list tried in order, the first match wins, values matching none go to `path`; each route
    is `path` = `<scheme>://<conn_id>@<bucket>/<prefix>` plus optional `codecs`, `min_size`, `max_size` in bytes).
  EOT
  type = object({
    threshold             = optional(number, 0)
    compression           = optional(string, "none")
    dataframe_format      = optional(string, "parquet")
    env_connection_format = optional(string, "json")
    routes = optional(list(object({
      path     = string
      codecs   = optional(list(string))
      min_size = optional(number)
      max_size = optional(number)
    })), [])
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.xcomkit_settings.threshold != null && try(var.xcomkit_settings.threshold >= 0 && floor(var.xcomkit_settings.threshold) == var.xcomkit_settings.threshold, false)
    error_message = "xcomkit_settings.threshold must be a whole number of bytes, 0 or more."
  }

  validation {
    condition     = contains(["none", "gzip", "zstd"], coalesce(var.xcomkit_settings.compression, "-"))
    error_message = "xcomkit_settings.compression must be one of none, gzip, zstd."
  }

  validation {
    condition     = contains(["parquet", "csv"], coalesce(var.xcomkit_settings.dataframe_format, "-"))
    error_message = "xcomkit_settings.dataframe_format must be parquet or csv."
  }

  validation {
    condition     = contains(["json", "uri"], coalesce(var.xcomkit_settings.env_connection_format, "-"))
    error_message = "xcomkit_settings.env_connection_format must be json or uri."
  }

  validation {
    condition = alltrue([
      for r in coalesce(var.xcomkit_settings.routes, []) :
      can(regex("^(s3|gs|wasb)://[A-Za-z][A-Za-z0-9_]{0,249}@[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]/[^/]+(/[^/]+)*$", r.path))
    ])
    error_message = "Each xcomkit_settings.routes[*].path must be <s3|gs|wasb>://<conn_id>@<bucket>/<prefix> (conn id of letters, digits and underscores; prefix without leading or trailing slash)."
  }

  validation {
    condition = alltrue([
      for r in coalesce(var.xcomkit_settings.routes, []) :
      r.codecs == null || try(length(r.codecs) > 0 && alltrue([for c in r.codecs : can(regex("^[a-z][a-z0-9_]*$", c))]), false)
    ])
    error_message = "xcomkit_settings.routes[*].codecs, when set, must be a non-empty list of codec names (lower case letters, digits, underscores), e.g. [\"parquet\", \"arrow\"]; leave it out for every codec."
  }

  validation {
    condition = alltrue([
      for r in coalesce(var.xcomkit_settings.routes, []) : alltrue([
        for size in [r.min_size, r.max_size] : size == null || try(size >= 0 && floor(size) == size, false)
      ])
    ])
    error_message = "xcomkit_settings.routes[*].min_size and max_size must be whole numbers of bytes, 0 or more."
  }

  validation {
    condition = alltrue([
      for r in coalesce(var.xcomkit_settings.routes, []) :
      r.min_size == null || r.max_size == null || try(r.min_size <= r.max_size, false)
    ])
    error_message = "xcomkit_settings.routes[*].min_size must not be larger than max_size."
  }
}
