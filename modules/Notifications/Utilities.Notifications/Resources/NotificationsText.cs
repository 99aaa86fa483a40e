namespace Utilities.Notifications.Resources;

/// <summary>Marker for the module's UI texts (NotificationsText.resx: Russian, .en.resx: English).</summary>
internal sealed class NotificationsText;
