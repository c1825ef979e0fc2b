output "policy_json" {
  description = "The identity policy (JSON) for the Airflow user or role: object actions under the prefix, prefix-limited listing, KMS data-key rights only with a CMK."
  value       = jsonencode(local.policy)
}

output "bucket_policy_json" {
  description = "The bucket policy (JSON) denying any request not made over TLS 1.2+."
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
