namespace Utilities.Billing.Resources;

/// <summary>Marker for the texts of penalties, debtors and instalments (DebtText.resx: Russian, .en.resx: English).</summary>
internal sealed class DebtText;
