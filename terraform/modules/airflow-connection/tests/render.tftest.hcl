# What the module renders: the backend settings and their env names, the routes setting, the URI (encoding of
# userinfo, `__extra__`, `_` in the conn type) and the JSON form, for keyed and keyless identities.
# Airflow's own parser checks the same outputs in tests/terraform/test_connection_roundtrip.py.

variables {
  conn_id        = "xcomkit_aws"
  conn_type      = "aws"
  storage_scheme = "s3"
  bucket         = "my-xcom-bucket"
}

run "defaults_are_the_documented_ones" {
  command = plan

  assert {
    condition = output.settings == {
      path             = "s3://xcomkit_aws@my-xcom-bucket/xcom"
      threshold        = "0"
      compression      = "none"
      dataframe_format = "parquet"
    }
    error_message = "settings must default to threshold 0, compression none, dataframe_format parquet, prefix xcom."
  }

  assert {
    condition = toset(keys(output.settings_env)) == toset([
      "AIRFLOW__CORE__XCOM_BACKEND",
      "AIRFLOW__XCOMKIT__PATH",
      "AIRFLOW__XCOMKIT__THRESHOLD",
      "AIRFLOW__XCOMKIT__COMPRESSION",
      "AIRFLOW__XCOMKIT__DATAFRAME_FORMAT",
    ])
    error_message = "settings_env must hold exactly the backend class and the four [xcomkit] options."
  }

  assert {
    condition     = output.settings_env["AIRFLOW__CORE__XCOM_BACKEND"] == "xcomkit.backend.ObjectStorageXComBackend"
    error_message = "The backend class must be xcomkit.backend.ObjectStorageXComBackend."
  }

  assert {
    condition     = output.conn_env_var == "AIRFLOW_CONN_XCOMKIT_AWS"
    error_message = "The connection variable must be AIRFLOW_CONN_ followed by the upper-cased conn id."
  }

  assert {
    condition     = output.uri == "aws://"
    error_message = "A connection with no field set must render as the bare scheme."
  }

  assert {
    condition     = jsondecode(output.json) == { conn_type = "aws" }
    error_message = "Unset fields must be left out of the JSON form."
  }

  assert {
    condition     = output.env["AIRFLOW_CONN_XCOMKIT_AWS"] == output.json
    error_message = "env must carry the JSON form of the connection by default."
  }

  assert {
    condition     = length(output.env) == 6
    error_message = "env must hold the connection plus the five backend settings."
  }

  assert {
    condition     = !contains(keys(output.env), "AIRFLOW__XCOMKIT__ROUTES")
    error_message = "Without routes, AIRFLOW__XCOMKIT__ROUTES must not be rendered."
  }

  assert {
    condition     = output.conn_env_value == output.json
    error_message = "conn_env_value must be the JSON form by default."
  }
}

run "keyed_aws_connection" {
  command = plan

  variables {
    prefix   = "team-a/xcom"
    login    = "AKIAEXAMPLE"
    password = "a/b+c=d%e@f:g?h#i~j k"
    extra    = { region_name = "eu-west-1" }
    xcomkit_settings = {
      threshold   = 1024
      compression = "zstd"
    }
  }

  assert {
    condition     = output.uri == "aws://AKIAEXAMPLE:a%2Fb%2Bc%3Dd%25e%40f%3Ag%3Fh%23i~j%20k@/?__extra__=%7B%22region_name%22%3A%22eu-west-1%22%7D"
    error_message = "Userinfo must be percent-encoded (space as %20, not +) and extras sent as one __extra__ JSON parameter."
  }

  assert {
    condition     = jsondecode(output.json).password == "a/b+c=d%e@f:g?h#i~j k"
    error_message = "The JSON form must carry the secret verbatim."
  }

  assert {
    condition     = jsondecode(output.json).extra == { region_name = "eu-west-1" }
    error_message = "The JSON form must carry the extras as an object."
  }

  assert {
    condition     = output.path == "s3://xcomkit_aws@my-xcom-bucket/team-a/xcom"
    error_message = "The path must be <scheme>://<conn_id>@<bucket>/<prefix>."
  }

  assert {
    condition     = output.settings.threshold == "1024" && output.settings.compression == "zstd"
    error_message = "threshold and compression must be passed through as strings."
  }
}

run "google_conn_type_in_uri_scheme" {
  command = plan

  variables {
    conn_id        = "xcomkit_gcp"
    conn_type      = "google_cloud_platform"
    storage_scheme = "gs"
    extra          = { project = "p-1" }
  }

  assert {
    condition     = startswith(output.uri, "google-cloud-platform://")
    error_message = "Airflow writes _ in a conn type as - in the URI scheme."
  }

  assert {
    condition     = jsondecode(output.json).conn_type == "google_cloud_platform"
    error_message = "The JSON form keeps the conn type as is."
  }

  assert {
    condition     = output.settings.path == "gs://xcomkit_gcp@my-xcom-bucket/xcom"
    error_message = "GCS path must use the gs scheme."
  }
}

run "host_and_uri_env_format" {
  command = plan

  variables {
    conn_id          = "xcomkit_azure"
    conn_type        = "wasb"
    storage_scheme   = "wasb"
    login            = "00000000-0000-0000-0000-000000000001"
    host             = "acct.blob.core.windows.net"
    xcomkit_settings = { env_connection_format = "uri" }
  }

  assert {
    condition     = output.uri == "wasb://00000000-0000-0000-0000-000000000001@acct.blob.core.windows.net"
    error_message = "Login without password renders as login@host, with no trailing slash."
  }

  assert {
    condition     = output.env["AIRFLOW_CONN_XCOMKIT_AZURE"] == output.uri
    error_message = "env_connection_format = uri must put the URI in AIRFLOW_CONN_<ID>."
  }
}

run "routes_render_as_compact_ordered_json" {
  command = plan

  variables {
    xcomkit_settings = {
      routes = [
        { path = "s3://xcom_frames@frames-bucket/frames", codecs = ["parquet", "arrow"], min_size = 1048576 },
        { path = "gs://xcom_gcs@p-1-xcom/small", max_size = 65536 },
        { path = "wasb://xcom_azure@xcom/any" },
      ]
    }
  }

  assert {
    condition     = output.env["AIRFLOW__XCOMKIT__ROUTES"] == "[{\"codecs\":[\"parquet\",\"arrow\"],\"min_size\":1048576,\"path\":\"s3://xcom_frames@frames-bucket/frames\"},{\"max_size\":65536,\"path\":\"gs://xcom_gcs@p-1-xcom/small\"},{\"path\":\"wasb://xcom_azure@xcom/any\"}]"
    error_message = "Routes must be compact JSON, in the given order, with unset attributes left out (no null codecs)."
  }

  assert {
    condition     = jsondecode(output.settings.routes)[0].codecs == ["parquet", "arrow"]
    error_message = "A route's codecs must keep their order."
  }

  assert {
    condition     = output.settings_env["AIRFLOW__XCOMKIT__ROUTES"] == output.settings.routes
    error_message = "The routes setting must be in settings_env under AIRFLOW__XCOMKIT__ROUTES."
  }

  assert {
    condition     = output.settings.path == "s3://xcomkit_aws@my-xcom-bucket/xcom"
    error_message = "Values matching no route go to the default path, which routes must not change."
  }
}

run "preview_env_names_the_read_only_connection" {
  command = plan

  variables {
    conn_id          = "xcomkit_aws_preview"
    xcomkit_settings = { env_connection_format = "uri" }
    extra            = { region_name = "eu-west-1" }
  }

  assert {
    condition = output.preview_env == {
      AIRFLOW_CONN_XCOMKIT_AWS_PREVIEW  = output.uri
      AIRFLOW__XCOMKIT__PREVIEW_CONN_ID = "xcomkit_aws_preview"
    }
    error_message = "preview_env must hold exactly the read-only connection and AIRFLOW__XCOMKIT__PREVIEW_CONN_ID naming it."
  }
}
