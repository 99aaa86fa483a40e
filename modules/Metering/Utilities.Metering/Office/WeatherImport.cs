using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using NpgsqlTypes;
using Utilities.Metering.Data;
using Utilities.Metering.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Time;

namespace Utilities.Metering.Office;

internal sealed record WeatherLineError(int Line, string Message);

/// <param name="Errors">Bad lines with their numbers (1 = the first line of the file); when any, nothing was stored.</param>
internal sealed record WeatherImportResult(int Lines, int Inserted, int Updated, int Unchanged, IReadOnlyList<WeatherLineError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

internal sealed record WeatherRange(string Site, DateOnly From, DateOnly To, int Days);

/// <summary>
/// Daily mean outdoor temperature per site from CSV (<c>site_id,date,mean_temp_c</c>, header
/// optional, ISO dates, "." decimals) for the heating forecasts. All or nothing: a file with any
/// bad line stores nothing and every bad line is reported with its number, because a bad line
/// usually means a wrong file; a good file is upserted in one statement, so importing it again
/// changes nothing and a corrected value replaces the old one.
/// </summary>
internal sealed class WeatherImport(MeteringDbContext db, IClock clock, IAuditLog audit, IStringLocalizer<MeteringText> text)
{
    public const int MaxLines = 200_000;
    public const int MaxSiteLength = 40;
    public const int MaxReportedErrors = 100;
    public const decimal MinTemp = -90m;
    public const decimal MaxTemp = 60m;

    public async Task<WeatherImportResult> ImportAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var errors = new List<WeatherLineError>();
        var rows = new Dictionary<(string Site, DateOnly Day), decimal>();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (number > MaxLines)
            {
                errors.Add(new WeatherLineError(number, text["Weather_TooManyLines", MaxLines]));
                break;
            }

            if (string.IsNullOrWhiteSpace(line) || (number == 1 && line.Trim().Equals("site_id,date,mean_temp_c", StringComparison.OrdinalIgnoreCase)))
                continue;
            var (site, day, temp, error) = Parse(line, today);
            if (error is not null)
            {
                errors.Add(new WeatherLineError(number, error));
                continue;
            }

            if (rows.TryGetValue((site!, day), out var earlier) && earlier != temp)
                errors.Add(new WeatherLineError(number, text["Weather_Duplicate", site!, day.ToString("d", CultureInfo.CurrentCulture)]));
            else
                rows[(site!, day)] = temp;
        }

        if (rows.Count == 0 && errors.Count == 0)
            errors.Add(new WeatherLineError(Math.Max(number, 1), text["Weather_Empty"]));
        if (errors.Count > 0)
            return new WeatherImportResult(number, 0, 0, 0, errors.Take(MaxReportedErrors).ToList());

        var (inserted, updated) = await UpsertAsync(rows, cancellationToken);
        await audit.WriteAsync("metering.weather-imported", "weather", $"{rows.Count} days: {inserted} new, {updated} changed", cancellationToken);
        return new WeatherImportResult(number, inserted, updated, rows.Count - inserted - updated, []);
    }

    public async Task<IReadOnlyList<WeatherRange>> RangesAsync(CancellationToken cancellationToken) =>
        await db.Weather.AsNoTracking()
            .GroupBy(w => w.Site)
            .OrderBy(g => g.Key)
            .Select(g => new WeatherRange(g.Key, g.Min(w => w.Day), g.Max(w => w.Day), g.Count()))
            .ToListAsync(cancellationToken);

    private (string? Site, DateOnly Day, decimal Temp, string? Error) Parse(string line, DateOnly today)
    {
        var fields = line.Split(',');
        if (fields.Length != 3)
            return (null, default, 0, text["Weather_Fields", fields.Length]);
        var site = fields[0].Trim();
        if (site.Length == 0)
            return (null, default, 0, text["Weather_SiteRequired"]);
        if (site.Length > MaxSiteLength)
            return (null, default, 0, text["Weather_SiteTooLong", MaxSiteLength]);
        if (!DateOnly.TryParseExact(fields[1].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return (null, default, 0, text["Weather_BadDate", fields[1].Trim()]);
        if (day > today)
            return (null, default, 0, text["Weather_FutureDate", day.ToString("d", CultureInfo.CurrentCulture)]);
        if (!decimal.TryParse(fields[2].Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var temp))
            return (null, default, 0, text["Weather_BadTemp", fields[2].Trim()]);
        if (temp is < MinTemp or > MaxTemp || temp.Scale > 2)
            return (null, default, 0, text["Weather_TempRange", MinTemp, MaxTemp]);
        return (site, day, temp, null);
    }

    private async Task<(int Inserted, int Updated)> UpsertAsync(Dictionary<(string Site, DateOnly Day), decimal> rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
            await connection.OpenAsync(cancellationToken);
        try
        {
            // One statement: all rows or none; an unchanged value is not rewritten.
            await using var command = new NpgsqlCommand(
                """
                with up as (
                    insert into metering.weather (site, day, mean_temp_c)
                    select * from unnest(@sites, @days, @temps)
                    on conflict (site, day) do update set mean_temp_c = excluded.mean_temp_c
                        where weather.mean_temp_c is distinct from excluded.mean_temp_c
                    returning (xmax = 0) as inserted)
                select count(*) filter (where inserted)::int, count(*) filter (where not inserted)::int from up
                """, connection);
            command.Parameters.Add(new NpgsqlParameter("sites", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Keys.Select(k => k.Site).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = rows.Keys.Select(k => k.Day).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("temps", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = rows.Values.ToArray() });
            await using var result = await command.ExecuteReaderAsync(cancellationToken);
            await result.ReadAsync(cancellationToken);
            return (result.GetInt32(0), result.GetInt32(1));
        }
        finally
        {
            if (opened)
                await connection.CloseAsync();
        }
    }
}
