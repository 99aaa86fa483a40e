namespace Utilities.Platform.Time;

/// <summary>The organisation's clock: "today" is a local date in the organisation's time zone.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }

    ValueTask<DateOnly> TodayAsync(CancellationToken cancellationToken = default);

    /// <summary>The organisation's time zone: moments are shown to people in it, whatever the server's zone.</summary>
    ValueTask<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken = default);
}
