output "policy_json" {
  description = "The identity policy (JSON): in `read_write` mode object actions under the prefix and prefix-limited listing, in `read_only` mode GetObject under the prefix; KMS rights only with a CMK, only via S3 for this bucket."
  value       = jsonencode(local.policy)
}

output "bucket_policy_json" {
  description = "The bucket policy (JSON) denying any request not made over TLS 1.2+, and uploads with SSE-C (customer-provided keys)."
  value       = jsonencode(local.bucket_policy)
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = local.bucket_arn
}

output "objects_arn" {
  description = "ARN pattern of the objects the identity may read, write and delete (`<bucket>/<prefix>/*`)."
  value       = local.objects_arn
}

output "actions" {
  description = "Every action the identity policy allows (sorted), for review and tests."
  value       = sort(distinct(flatten([for s in local.statements : s.Action])))
}
