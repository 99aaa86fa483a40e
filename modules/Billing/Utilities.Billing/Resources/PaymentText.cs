namespace Utilities.Billing.Resources;

/// <summary>Marker for the online and card payment texts (PaymentText.resx: Russian, .en.resx: English).</summary>
internal sealed class PaymentText;
