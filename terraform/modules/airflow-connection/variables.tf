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
  description = "Connection extras (string values), e.g. `region_name`, `keyfile_dict`, `tenant_id`, `sas_token`. Sensitive: key files and SAS tokens travel here."
  type        = map(string)
  default     = {}
  nullable    = false
  sensitive   = true
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

variable "threshold" {
  description = "Size in bytes from which a value goes to the bucket; 0 sends every value (AIRFLOW__XCOMKIT__THRESHOLD)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.threshold >= 0 && floor(var.threshold) == var.threshold
    error_message = "threshold must be a whole number of bytes, 0 or more."
  }
}

variable "compression" {
  description = "Compression of stored values: `none`, `gzip` or `zstd` (AIRFLOW__XCOMKIT__COMPRESSION)."
  type        = string
  default     = "none"
  nullable    = false

  validation {
    condition     = contains(["none", "gzip", "zstd"], var.compression)
    error_message = "compression must be one of none, gzip, zstd."
  }
}

variable "dataframe_format" {
  description = "File format for pandas DataFrames: `parquet` or `csv` (AIRFLOW__XCOMKIT__DATAFRAME_FORMAT)."
  type        = string
  default     = "parquet"
  nullable    = false

  validation {
    condition     = contains(["parquet", "csv"], var.dataframe_format)
    error_message = "dataframe_format must be parquet or csv."
  }
}

variable "env_connection_format" {
  description = "How AIRFLOW_CONN_<ID> is written in `env`: `json` (Airflow >= 2.3, no URL encoding) or `uri`."
  type        = string
  default     = "json"
  nullable    = false

  validation {
    condition     = contains(["json", "uri"], var.env_connection_format)
    error_message = "env_connection_format must be json or uri."
  }
}
