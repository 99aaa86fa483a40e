using Utilities.Platform.Settings;

namespace Utilities.Notifications;

/// <summary>Settings of the Notifications module.</summary>
public static class NotificationSettings
{
    /// <summary>The day of the month from which consumers are reminded to submit readings (domain.md: from the 20th); until Metering's deadline day.</summary>
    public static readonly SettingKey<int> ReadingReminderDay = new("Notifications.ReadingReminderDay");
}
