namespace Utilities.Metering.Resources;

/// <summary>Marker for the module's UI texts (MeteringText.resx: Russian, .en.resx: English).</summary>
internal sealed class MeteringText;
