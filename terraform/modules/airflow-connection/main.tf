# Renders an Airflow connection and the backend settings. No provider: everything here is plain
# Terraform expressions, tested by `terraform test` and by Airflow's own parser (tests/terraform).

locals {
  conn_env_var = "AIRFLOW_CONN_${upper(var.conn_id)}"

  s = var.xcomkit_settings
  # `[xcomkit] routes`: compact JSON, attributes left unset are left out (absent `codecs` = every
  # codec), in the order given: the backend tries the routes in order and the first match wins.
  routes_json = jsonencode([for r in local.s.routes : { for k, v in r : k => v if v != null }])

  # The backend's own settings ([xcomkit] section). These keys are the one list shared with the
  # Python side (xcomkit.config.OPTIONS); tests/terraform compares the two. `routes` only when set.
  settings = merge(
    {
      path             = "${var.storage_scheme}://${var.conn_id}@${var.bucket}/${var.prefix}"
      threshold        = tostring(local.s.threshold)
      compression      = local.s.compression
      dataframe_format = local.s.dataframe_format
    },
    length(local.s.routes) == 0 ? {} : { routes = local.routes_json },
  )
  settings_env = merge(
    { AIRFLOW__CORE__XCOM_BACKEND = var.xcom_backend },
    { for name, value in local.settings : "AIRFLOW__XCOMKIT__${upper(name)}" => value },
  )

  # URI. Airflow decodes login, password and schema with unquote(), which keeps '+', while
  # urlencode() (Go's QueryEscape) writes a space as '+'. A literal '+' is already %2B, so every
  # remaining '+' is a space: spell it %20.
  login_q    = var.login == null ? "" : replace(urlencode(var.login), "+", "%20")
  password_q = var.password == null ? "" : ":${replace(urlencode(var.password), "+", "%20")}"
  userinfo   = var.login == null && var.password == null ? "" : "${local.login_q}${local.password_q}@"
  host_q     = var.host == null ? "" : var.host
  port_q     = var.port == null ? "" : ":${var.port}"
  schema_q   = var.schema == null ? "" : replace(urlencode(var.schema), "+", "%20")
  # Extras go as one `__extra__` JSON parameter: Airflow then keeps them verbatim. Flattened
  # parameters would be json.loads()-ed one by one, turning a key file string into a dict.
  extra_q = length(var.extra) == 0 ? "" : "?__extra__=${urlencode(jsonencode(var.extra))}"
  # Airflow writes `_` in a conn type as `-` in the scheme (RFC 3986) and maps it back when parsing.
  uri = "${replace(var.conn_type, "_", "-")}://${local.userinfo}${local.host_q}${local.port_q}${var.schema != null || length(var.extra) > 0 ? "/" : ""}${local.schema_q}${local.extra_q}"

  # JSON form (Airflow >= 2.3); unset fields are left out rather than written as null.
  json = jsonencode({
    for field, value in {
      conn_type = var.conn_type
      login     = var.login
      password  = var.password
      host      = var.host
      port      = var.port
      schema    = var.schema
      extra     = length(var.extra) == 0 ? null : var.extra
    } : field => value if value != null
  })

  conn_env_value = local.s.env_connection_format == "json" ? local.json : local.uri

  env = merge(
    { (local.conn_env_var) = local.conn_env_value },
    local.settings_env,
  )
}
