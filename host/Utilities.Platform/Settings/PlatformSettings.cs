namespace Utilities.Platform.Settings;

/// <summary>Settings of the organisation as a whole (the modules declare their own).</summary>
public static class PlatformSettings
{
    public static readonly SettingKey<string> OrganisationName = new("Organisation.Name");

    /// <summary>All period boundaries are local dates in this zone (domain.md: billing period).</summary>
    public static readonly SettingKey<string> TimeZone = new("Organisation.TimeZone");

    /// <summary>How many months of history consumers see on their own; older data is issued on request.</summary>
    public static readonly SettingKey<int> ConsumerHistoryMonths = new("Cabinet.HistoryMonths");
}
