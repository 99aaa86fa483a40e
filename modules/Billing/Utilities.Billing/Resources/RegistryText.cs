namespace Utilities.Billing.Resources;

/// <summary>Marker for the texts of bank payment registries (RegistryText.resx: Russian, .en.resx: English).</summary>
internal sealed class RegistryText;
