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
  description = "ARN of the customer managed KMS key that encrypts the bucket, or null (SSE-S3 or the AWS managed key): the policy then grants no KMS right."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases are not accepted in IAM policies."
  }
}
