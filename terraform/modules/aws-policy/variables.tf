variable "bucket" {
  description = "Name of the S3 bucket that holds the XCom objects."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket)) && !strcontains(var.bucket, "..")
    error_message = "bucket must be a valid S3 bucket name: 3-63 lower case letters, digits, dots and dashes, starting and ending with a letter or digit, no \"..\"."
  }
}

variable "prefix" {
  description = "Key prefix the identity may use, without leading or trailing slash."
  type        = string
  default     = "xcom"

  validation {
    condition     = can(regex("^[^/*?]+(/[^/*?]+)*$", var.prefix))
    error_message = "prefix must be non-empty, without a leading or trailing slash, without empty segments and without the IAM wildcards * and ?."
  }
}

variable "partition" {
  description = "AWS partition of the ARNs (`aws`, `aws-cn`, `aws-us-gov`, ...)."
  type        = string
  default     = "aws"
  nullable    = false

  validation {
    condition     = can(regex("^aws(-[a-z]+)*$", var.partition))
    error_message = "partition must look like aws, aws-cn or aws-us-gov."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the bucket, or null (SSE-S3 or the AWS managed key): the policy then grants no KMS right. The key must be in `region`, the bucket's."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases are not accepted in IAM policies."
  }

  validation {
    # S3 can only use a KMS key of the bucket's own region.
    condition     = var.kms_key_arn == null || try(split(":", var.kms_key_arn)[3] == var.region, false)
    error_message = "kms_key_arn must be a key in the bucket's region, and region must be set with it: S3 refuses a KMS key of another region."
  }
}

variable "region" {
  description = "Region of the bucket: S3's KMS calls come from `s3.<region>.amazonaws.com` (kms:ViaService), and the key must be there. Needed with `kms_key_arn`."
  type        = string
  default     = null

  validation {
    condition     = var.region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region such as eu-west-1."
  }
}

variable "bucket_key_enabled" {
  description = "Whether the bucket uses an S3 Bucket Key for SSE-KMS. The KMS encryption context is then the bucket ARN, not the object's, and the policy's context condition follows."
  type        = bool
  default     = true
  nullable    = false
}

variable "mode" {
  description = "`read_write`: what the workers need (put, get, delete, abort multipart, prefix-limited list). `read_only`: what the API server needs to show a value (get under the prefix; KMS Decrypt only)."
  type        = string
  default     = "read_write"
  nullable    = false

  validation {
    condition     = contains(["read_write", "read_only"], var.mode)
    error_message = "mode must be read_write or read_only."
  }
}
