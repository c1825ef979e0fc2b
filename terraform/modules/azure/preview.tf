# --- read-only identity for the API server --------------------------------------------------------

resource "azurerm_user_assigned_identity" "preview" {
  count               = local.preview && local.mi_mode ? 1 : 0
  name                = "${var.managed_identity_name}-preview"
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
}

resource "azurerm_federated_identity_credential" "preview" {
  for_each = local.preview && local.mi_mode ? { for w in var.preview_workload_identity : "${w.namespace}/${w.service_account}" => w } : {}

  name                = substr(replace("${each.value.namespace}-${each.value.service_account}", ".", "-"), 0, 120)
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.preview[0].id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = var.aks_oidc_issuer_url
  subject             = "system:serviceaccount:${each.value.namespace}:${each.value.service_account}"
}

resource "azuread_application" "preview" {
  count        = local.preview && local.sp_mode ? 1 : 0
  display_name = "${var.application_display_name}-preview"
  owners       = [data.azurerm_client_config.current.object_id]
}

resource "azuread_service_principal" "preview" {
  count     = local.preview && local.sp_mode ? 1 : 0
  client_id = azuread_application.preview[0].client_id
  owners    = [data.azurerm_client_config.current.object_id]
}

resource "azuread_application_password" "preview" {
  count               = local.preview && local.sp_mode ? 1 : 0
  application_id      = azuread_application.preview[0].id
  display_name        = "xcomkit-airflow-preview"
  rotate_when_changed = local.rotate_secret ? { rotation = time_rotating.secret[0].id } : null
  end_date            = local.rotate_secret ? timeadd(time_rotating.secret[0].rfc3339, "${(var.client_secret_rotation_days + 30) * 24}h") : null

  lifecycle {
    create_before_destroy = true
  }
}

resource "azurerm_role_assignment" "preview" {
  count                = local.preview ? 1 : 0
  scope                = local.container_scope
  role_definition_name = "Storage Blob Data Reader"
  principal_id = (
    local.mi_mode ? azurerm_user_assigned_identity.preview[0].principal_id :
    local.sp_mode ? azuread_service_principal.preview[0].object_id : var.preview_principal_id
  )
  skip_service_principal_aad_check = !local.existing_mode
}
