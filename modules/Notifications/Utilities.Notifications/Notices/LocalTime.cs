using System.Globalization;

namespace Utilities.Notifications.Notices;

/// <summary>Times typed and shown in the centre's time zone (a <c>datetime-local</c> input), stored in UTC.</summary>
internal static class LocalTime
{
    public const string InputFormat = "yyyy-MM-ddTHH:mm";

    public static DateTimeOffset? Parse(string? text, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParseExact(text.Trim(), [InputFormat, "yyyy-MM-ddTHH:mm:ss", "dd.MM.yyyy HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static string Input(DateTimeOffset? t, TimeZoneInfo zone) =>
        t is { } v ? TimeZoneInfo.ConvertTime(v, zone).ToString(InputFormat, CultureInfo.InvariantCulture) : string.Empty;

    public static string Show(DateTimeOffset t, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(t, zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
}
