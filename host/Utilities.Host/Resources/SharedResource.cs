namespace Utilities.Host.Resources;

/// <summary>Marker for the host's own UI texts (SharedResource.resx: Russian, .en.resx: English).</summary>
internal sealed class SharedResource;
