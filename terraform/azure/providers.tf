provider "azurerm" {
  subscription_id = var.subscription_id
  # Shared keys are disabled on the account: data-plane calls the provider makes go through Entra ID.
  storage_use_azuread = true
  features {}
}

provider "azuread" {}
