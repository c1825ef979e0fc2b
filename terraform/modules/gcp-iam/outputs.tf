output "object_condition" {
  description = "IAM condition (`title`, `description`, `expression`) that limits object rights to `<prefix>/`."
  value       = local.object_condition
}

output "writer_permissions" {
  description = "Permissions of the workers' custom role, bound with `object_condition`."
  value       = local.writer_permissions
}

output "reader_permissions" {
  description = "Permissions of the API server's read-only custom role, bound with `object_condition`."
  value       = local.reader_permissions
}

output "list_permissions" {
  description = "Permissions of the listing role, bound without condition: GCS checks listing on the bucket, where a prefix cannot be expressed."
  value       = local.list_permissions
}

output "workload_identity_members" {
  description = "Members that get `roles/iam.workloadIdentityUser` on the workers' service account (`serviceAccount:<pool>[<namespace>/<ksa>]`)."
  value       = local.workload_identity_members
}

output "preview_workload_identity_members" {
  description = "Members that get `roles/iam.workloadIdentityUser` on the read-only service account."
  value       = local.preview_workload_identity_members
}
