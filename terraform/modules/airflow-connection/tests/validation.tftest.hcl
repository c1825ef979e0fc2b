# One run per validation rule of variables.tf, each expecting that rule to reject a bad value.
# tests/terraform/test_terraform_core.py checks that each variable has at least as many such runs
# as validation rules. The last run is the control: a boundary value the rules must accept.

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

run "extra_rejects_a_list" {
  command = plan
  variables {
    extra = ["region_name=eu-west-1"]
  }
  expect_failures = [var.extra]
}

run "threshold_rejects_negative" {
  command = plan
  variables {
    xcomkit_settings = { threshold = -1 }
  }
  expect_failures = [var.xcomkit_settings]
}

run "compression_rejects_unknown" {
  command = plan
  variables {
    xcomkit_settings = { compression = "lz4" }
  }
  expect_failures = [var.xcomkit_settings]
}

run "dataframe_format_rejects_unknown" {
  command = plan
  variables {
    xcomkit_settings = { dataframe_format = "feather" }
  }
  expect_failures = [var.xcomkit_settings]
}

run "env_connection_format_rejects_unknown" {
  command = plan
  variables {
    xcomkit_settings = { env_connection_format = "yaml" }
  }
  expect_failures = [var.xcomkit_settings]
}

run "route_path_rejects_a_missing_conn_id" {
  command = plan
  variables {
    xcomkit_settings = { routes = [{ path = "s3://my-xcom-bucket/big" }] }
  }
  expect_failures = [var.xcomkit_settings]
}

run "route_path_rejects_a_trailing_slash" {
  command = plan
  variables {
    xcomkit_settings = { routes = [{ path = "s3://xcom_big@my-xcom-bucket/big/" }] }
  }
  expect_failures = [var.xcomkit_settings]
}

run "route_path_rejects_file_scheme" {
  command = plan
  variables {
    xcomkit_settings = { routes = [{ path = "file:///tmp/xcom" }] }
  }
  expect_failures = [var.xcomkit_settings]
}

run "route_codecs_rejects_an_empty_list" {
  command = plan
  variables {
    xcomkit_settings = { routes = [{ path = "s3://xcom_big@my-xcom-bucket/big", codecs = [] }] }
  }
  expect_failures = [var.xcomkit_settings]
}

run "route_codecs_rejects_upper_case" {
  command = plan
  variables {
    xcomkit_settings = { routes = [{ path = "s3://xcom_big@my-xcom-bucket/big", codecs = ["Parquet"] }] }
  }
  expect_failures = [var.xcomkit_settings]
}

run "route_sizes_reject_a_fraction" {
  command = plan
  variables {
    xcomkit_settings = { routes = [{ path = "s3://xcom_big@my-xcom-bucket/big", min_size = 0.5 }] }
  }
  expect_failures = [var.xcomkit_settings]
}

run "route_min_size_must_not_exceed_max_size" {
  command = plan
  variables {
    xcomkit_settings = { routes = [{ path = "s3://xcom_big@my-xcom-bucket/big", min_size = 2048, max_size = 1024 }] }
  }
  expect_failures = [var.xcomkit_settings]
}

run "equal_min_and_max_size_is_valid" {
  command = plan
  variables {
    xcomkit_settings = { routes = [{ path = "gs://xcom_gcs@p-1-xcom/exact", min_size = 1024, max_size = 1024 }] }
  }
}
