# --- identity -------------------------------------------------------------------------------------

# Keyless (default): a user-assigned managed identity, optionally federated with AKS service
# accounts (workload identity); the connection names it, no secret anywhere.
resource "azurerm_user_assigned_identity" "this" {
  count               = local.mi_mode ? 1 : 0
  name                = var.managed_identity_name
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
}

resource "azurerm_federated_identity_credential" "this" {
  for_each = local.mi_mode ? { for w in var.workload_identity : "${w.namespace}/${w.service_account}" => w } : {}

  name                = substr(replace("${each.value.namespace}-${each.value.service_account}", ".", "-"), 0, 120)
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.this[0].id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = var.aks_oidc_issuer_url
  subject             = "system:serviceaccount:${each.value.namespace}:${each.value.service_account}"
}

# Opt-in: an app registration with a client secret (Airflow outside Azure), rotated on a schedule.
resource "azuread_application" "this" {
  count        = local.sp_mode ? 1 : 0
  display_name = var.application_display_name
  owners       = [data.azurerm_client_config.current.object_id]
}

resource "azuread_service_principal" "this" {
  count     = local.sp_mode ? 1 : 0
  client_id = azuread_application.this[0].client_id
  owners    = [data.azurerm_client_config.current.object_id]
}

resource "time_rotating" "secret" {
  count         = local.rotate_secret ? 1 : 0
  rotation_days = var.client_secret_rotation_days
}

resource "azuread_application_password" "this" {
  count          = local.sp_mode ? 1 : 0
  application_id = azuread_application.this[0].id
  display_name   = "xcomkit-airflow"
  # A new secret on the first apply after rotation; the old one stays valid 30 more days, so a
  # missed apply does not lock Airflow out at once.
  rotate_when_changed = local.rotate_secret ? { rotation = time_rotating.secret[0].id } : null
  end_date            = local.rotate_secret ? timeadd(time_rotating.secret[0].rfc3339, "${(var.client_secret_rotation_days + 30) * 24}h") : null

  lifecycle {
    create_before_destroy = true
  }
}

resource "azurerm_role_assignment" "this" {
  scope                = local.container_scope
  role_definition_name = "Storage Blob Data Contributor"
  principal_id = (
    local.mi_mode ? azurerm_user_assigned_identity.this[0].principal_id :
    local.sp_mode ? azuread_service_principal.this[0].object_id : var.principal_id
  )
  # A new principal may not have replicated yet; skip the check that would fail on it.
  skip_service_principal_aad_check = !local.existing_mode
}

# The role assignment lost its count when the SAS mode (the only one without it) went away.
moved {
  from = azurerm_role_assignment.this[0]
  to   = azurerm_role_assignment.this
}
