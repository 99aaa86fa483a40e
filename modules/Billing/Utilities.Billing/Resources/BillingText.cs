namespace Utilities.Billing.Resources;

/// <summary>Marker for the module's UI texts (BillingText.resx: Russian, .en.resx: English).</summary>
internal sealed class BillingText;
