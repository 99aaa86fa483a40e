namespace Utilities.Platform.Settings;

/// <summary>
/// Reads organisation settings as they were in force on a date (the default before the first
/// stored value). Stored in the <c>platform</c> schema and edited by an administrator.
/// </summary>
public interface ISettings
{
    ValueTask<T> GetAsync<T>(SettingKey<T> key, DateOnly onDate, CancellationToken cancellationToken = default);

    /// <summary>The value in force today in the organisation's time zone.</summary>
    ValueTask<T> GetCurrentAsync<T>(SettingKey<T> key, CancellationToken cancellationToken = default);
}
