provider "azurerm" {
  subscription_id = var.subscription_id
  # Shared keys are disabled on the account: data-plane calls the provider makes go through Entra ID.
  storage_use_azuread = true

  features {
    storage {
      # Refresh and plan read the storage account through the management plane only, so they
      # keep working when the firewall (allowed_ip_ranges) or public_network_access_enabled =
      # false keeps this machine off the blob endpoint (AVM storage account issue 148, azurerm
      # issue 29984). The module sets nothing that needs the data plane.
      data_plane_available = false
    }
  }
}

provider "azuread" {}
