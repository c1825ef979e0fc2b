# The GCS grants of the XCom identities, as data: custom role permissions, the IAM condition that
# limits objects to the prefix, and the GKE Workload Identity members. No provider: tested by
# `terraform test`; the gcp module binds exactly these.

locals {
  objects_root = "projects/_/buckets/${var.bucket}/objects/${var.prefix}/"

  # Object permissions are checked on the object, whose resource.name is
  # projects/_/buckets/<bucket>/objects/<name>: a condition can pin them to the prefix.
  writer_permissions = ["storage.objects.create", "storage.objects.delete", "storage.objects.get"]
  reader_permissions = ["storage.objects.get"]
  # Listing is checked on the bucket (resource.name projects/_/buckets/<bucket>), and no request
  # attribute carries the listed prefix: a prefix condition would deny every list. So listing is
  # granted without condition and sees every object name in the bucket (names and metadata, not
  # contents): keep the bucket for XComs only.
  list_permissions = ["storage.objects.list"]

  object_condition = {
    title       = "xcomkit-prefix"
    description = "Objects under gs://${var.bucket}/${var.prefix}/ only."
    expression  = "resource.name.startsWith(\"${local.objects_root}\")"
  }

  pool = "${coalesce(var.workload_identity_project, var.project_id)}.svc.id.goog"
  workload_identity_members = [
    for w in var.workload_identity : "serviceAccount:${local.pool}[${w.namespace}/${w.service_account}]"
  ]
  preview_workload_identity_members = [
    for w in var.preview_workload_identity : "serviceAccount:${local.pool}[${w.namespace}/${w.service_account}]"
  ]
}
