# One run per validation rule of variables.tf, each expecting that rule to reject a bad value.

variables {
  project_id = "my-project-1"
  bucket     = "my-project-1-xcom"
}

run "project_id_rejects_upper_case" {
  command = plan
  variables {
    project_id = "My-Project"
  }
  expect_failures = [var.project_id]
}

run "bucket_rejects_upper_case" {
  command = plan
  variables {
    bucket = "My-Bucket"
  }
  expect_failures = [var.bucket]
}

run "prefix_rejects_a_quote" {
  command = plan
  variables {
    prefix = "xcom\") || true || (\""
  }
  expect_failures = [var.prefix]
}

run "workload_identity_rejects_a_wildcard" {
  command = plan
  variables {
    workload_identity = [{ namespace = "airflow", service_account = "*" }]
  }
  expect_failures = [var.workload_identity]
}

run "preview_workload_identity_rejects_upper_case" {
  command = plan
  variables {
    preview_workload_identity = [{ namespace = "Airflow", service_account = "api" }]
  }
  expect_failures = [var.preview_workload_identity]
}

run "workload_identity_project_rejects_a_pool_name" {
  command = plan
  variables {
    workload_identity_project = "gke-host-1.svc.id.goog"
  }
  expect_failures = [var.workload_identity_project]
}
