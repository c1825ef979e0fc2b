# One run per validation rule of variables.tf, each expecting that rule to reject a bad value.
# tests/terraform/test_tftest.py checks that every validated variable has such a run.

variables {
  conn_id        = "xcomkit_aws"
  conn_type      = "aws"
  storage_scheme = "s3"
  bucket         = "my-xcom-bucket"
}

run "conn_id_rejects_dash" {
  command = plan
  variables {
    conn_id = "xcom-kit"
  }
  expect_failures = [var.conn_id]
}

run "conn_type_rejects_upper_case" {
  command = plan
  variables {
    conn_type = "AWS"
  }
  expect_failures = [var.conn_type]
}

run "host_rejects_scheme" {
  command = plan
  variables {
    host = "https://acct.blob.core.windows.net"
  }
  expect_failures = [var.host]
}

run "port_rejects_out_of_range" {
  command = plan
  variables {
    port = 70000
  }
  expect_failures = [var.port]
}

run "storage_scheme_rejects_unknown" {
  command = plan
  variables {
    storage_scheme = "ftp"
  }
  expect_failures = [var.storage_scheme]
}

run "bucket_rejects_upper_case" {
  command = plan
  variables {
    bucket = "My_Bucket"
  }
  expect_failures = [var.bucket]
}

run "prefix_rejects_leading_slash" {
  command = plan
  variables {
    prefix = "/xcom"
  }
  expect_failures = [var.prefix]
}

run "prefix_rejects_trailing_slash" {
  command = plan
  variables {
    prefix = "xcom/"
  }
  expect_failures = [var.prefix]
}

run "prefix_rejects_empty_segment" {
  command = plan
  variables {
    prefix = "a//b"
  }
  expect_failures = [var.prefix]
}

run "xcom_backend_rejects_non_dotted" {
  command = plan
  variables {
    xcom_backend = "ObjectStorageXComBackend"
  }
  expect_failures = [var.xcom_backend]
}

run "threshold_rejects_negative" {
  command = plan
  variables {
    threshold = -1
  }
  expect_failures = [var.threshold]
}

run "compression_rejects_unknown" {
  command = plan
  variables {
    compression = "lz4"
  }
  expect_failures = [var.compression]
}

run "dataframe_format_rejects_unknown" {
  command = plan
  variables {
    dataframe_format = "feather"
  }
  expect_failures = [var.dataframe_format]
}

run "env_connection_format_rejects_unknown" {
  command = plan
  variables {
    env_connection_format = "yaml"
  }
  expect_failures = [var.env_connection_format]
}
