namespace Utilities.Contracts.Resources;

/// <summary>Marker for the module's UI texts (ContractsText.resx: Russian, .en.resx: English).</summary>
internal sealed class ContractsText;
