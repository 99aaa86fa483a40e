using System.Globalization;
using Npgsql;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Host.Platform.Settings;

/// <summary>
/// Effective-dated setting values from <c>platform.setting_values</c>. Reads come from a snapshot
/// refreshed every few seconds (several hosts may write), writes refresh it at once.
/// </summary>
internal sealed class SettingsStore(NpgsqlDataSource dataSource, SettingsCatalog catalog, TimeProvider time) : ISettings, IClock
{
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    public DateTimeOffset Now => time.GetUtcNow();

    public async ValueTask<DateOnly> TodayAsync(CancellationToken cancellationToken = default)
    {
        var zone = await ZoneAsync(cancellationToken);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }

    public async ValueTask<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var zoneId = await GetAsync(PlatformSettings.TimeZone, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        return TimeZoneInfo.FindSystemTimeZoneById(zoneId);
    }

    public async ValueTask<T> GetCurrentAsync<T>(SettingKey<T> key, CancellationToken cancellationToken = default) =>
        await GetAsync(key, await TodayAsync(cancellationToken), cancellationToken);

    public async ValueTask<T> GetAsync<T>(SettingKey<T> key, DateOnly onDate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var raw = await GetRawAsync(key.Name, onDate, cancellationToken);
        return (T)Convert(raw, typeof(T));
    }

    public async ValueTask<string> GetRawAsync(string key, DateOnly onDate, CancellationToken cancellationToken)
    {
        if (!catalog.ByKey.TryGetValue(key, out var definition))
            throw new InvalidOperationException($"Setting '{key}' is not declared by the platform or an enabled module.");
        var history = await HistoryAsync(key, cancellationToken);
        return history.LastOrDefault(v => v.ValidFrom <= onDate)?.Value ?? definition.DefaultValue;
    }

    /// <summary>Stored values of a key, oldest first.</summary>
    public async ValueTask<IReadOnlyList<StoredSetting>> HistoryAsync(string key, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentSnapshotAsync(cancellationToken);
        return snapshot.Values.TryGetValue(key, out var list) ? list : [];
    }

    /// <summary>Stores a value from a date on (replacing one stored for that same date).</summary>
    public async Task SetAsync(string key, DateOnly validFrom, string value, string changedBy, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            insert into platform.setting_values (key, valid_from, value, changed_by, changed_at)
            values (@key, @from, @value, @by, @at)
            on conflict (key, valid_from) do update
               set value = excluded.value, changed_by = excluded.changed_by, changed_at = excluded.changed_at
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("from", validFrom);
        command.Parameters.AddWithValue("value", value);
        command.Parameters.AddWithValue("by", changedBy);
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
        _snapshot = null;
    }

    private async ValueTask<Snapshot> CurrentSnapshotAsync(CancellationToken cancellationToken)
    {
        var current = _snapshot;
        if (current is not null && time.GetUtcNow() - current.LoadedAt < SnapshotLifetime)
            return current;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is not null && time.GetUtcNow() - current.LoadedAt < SnapshotLifetime)
                return current;
            var values = new Dictionary<string, List<StoredSetting>>(StringComparer.Ordinal);
            await using var command = dataSource.CreateCommand(
                "select key, valid_from, value, changed_by, changed_at from platform.setting_values order by key, valid_from");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var stored = new StoredSetting(
                    reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));
                var key = reader.GetString(0);
                if (!values.TryGetValue(key, out var list))
                    values[key] = list = [];
                list.Add(stored);
            }

            _snapshot = current = new Snapshot(time.GetUtcNow(), values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<StoredSetting>)kv.Value));
            return current;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static object Convert(string raw, Type type) =>
        type == typeof(int) ? int.Parse(raw, CultureInfo.InvariantCulture)
        : type == typeof(decimal) ? decimal.Parse(raw, CultureInfo.InvariantCulture)
        : type == typeof(bool) ? bool.Parse(raw)
        : raw;

    private sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyDictionary<string, IReadOnlyList<StoredSetting>> Values);
}

internal sealed record StoredSetting(DateOnly ValidFrom, string Value, string ChangedBy, DateTimeOffset ChangedAt);
