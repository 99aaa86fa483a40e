namespace Utilities.RepairFund.Resources;

/// <summary>Marker for the module's UI texts (RepairFundText.resx: Russian, .en.resx: English).</summary>
internal sealed class RepairFundText;
