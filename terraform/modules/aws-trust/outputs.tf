output "trust_policy_json" {
  description = "The role's trust (assume role) policy document, JSON."
  value       = jsonencode(local.trust_policy)
}

output "role_arn" {
  description = "ARN of the role, computed from account, partition, path and name (known before the role exists)."
  value       = local.role_arn
}

output "assume_role_method" {
  description = "How the connection reaches the role: `none` (the workload already runs as it), `assume_role` or `assume_role_with_web_identity`."
  value       = local.assume_method
}

output "connection_extra" {
  description = "Extras for the Airflow `aws` connection (`role_arn`, `assume_role_method`, `assume_role_kwargs`, web identity token file); empty when the workload already runs as the role. Holds no secret."
  value       = local.connection_extra
}

output "instance_profile_needed" {
  description = "Whether EC2 is trusted, so the caller should create an instance profile for the role."
  value       = local.t.ec2
}
