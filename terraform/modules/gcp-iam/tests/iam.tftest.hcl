# The rights the gcp module binds: object rights pinned to the prefix by an exact CEL condition,
# listing separate and unconditioned (GCS checks it on the bucket), a read-only role with get
# alone, and GKE Workload Identity members of the exact `<pool>[<namespace>/<ksa>]` form.

variables {
  project_id = "my-project-1"
  bucket     = "my-project-1-xcom"
  prefix     = "team/xcom"
}

run "object_rights_are_pinned_to_the_prefix" {
  command = plan

  assert {
    condition     = output.object_condition.expression == "resource.name.startsWith(\"projects/_/buckets/my-project-1-xcom/objects/team/xcom/\")"
    error_message = "The condition must match object names under <prefix>/ only (the trailing slash keeps team/xcom-evil out)."
  }

  assert {
    condition     = output.writer_permissions == ["storage.objects.create", "storage.objects.delete", "storage.objects.get"]
    error_message = "The workers' role must hold create, delete (overwrite needs it) and get; nothing bucket-level."
  }

  assert {
    condition     = output.reader_permissions == ["storage.objects.get"]
    error_message = "The read-only role must hold get alone."
  }

  assert {
    condition     = output.list_permissions == ["storage.objects.list"]
    error_message = "Listing must be its own role, so the conditioned roles hold no bucket-checked permission."
  }

  assert {
    condition     = length(setintersection(output.writer_permissions, output.list_permissions)) == 0
    error_message = "storage.objects.list under the prefix condition would deny every list: keep it out of the conditioned role."
  }
}

run "workload_identity_members" {
  command = plan

  variables {
    workload_identity         = [{ namespace = "airflow", service_account = "airflow-worker" }]
    preview_workload_identity = [{ namespace = "airflow", service_account = "airflow-api-server" }]
  }

  assert {
    condition     = output.workload_identity_members == ["serviceAccount:my-project-1.svc.id.goog[airflow/airflow-worker]"]
    error_message = "A KSA acts as the GSA through serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]."
  }

  assert {
    condition     = output.preview_workload_identity_members == ["serviceAccount:my-project-1.svc.id.goog[airflow/airflow-api-server]"]
    error_message = "The API server's KSA must be bound to the read-only service account only."
  }
}

run "cluster_in_another_project" {
  command = plan

  variables {
    workload_identity         = [{ namespace = "data", service_account = "worker" }]
    workload_identity_project = "gke-host-1"
  }

  assert {
    condition     = output.workload_identity_members == ["serviceAccount:gke-host-1.svc.id.goog[data/worker]"]
    error_message = "The pool is the cluster's project."
  }
}
