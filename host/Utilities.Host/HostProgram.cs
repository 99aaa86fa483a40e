using System.Globalization;
using Utilities.Host.Startup;
using Utilities.Platform.Modules;

namespace Utilities.Host;

/// <summary>
/// Command-line verbs: none starts the web host; <c>migrate</c> brings every schema up to date;
/// <c>seed-demo</c> migrates and loads the demonstration data; <c>seed-scale [--premises N]
/// [--seed S] [--daily-months M]</c> migrates and loads the generated scale data set (250,000 flats
/// by default; automated meters with daily values for the last M months of the year, 1 by default).
/// Configuration problems end with one line on standard error and exit code 2.
/// </summary>
internal static class HostProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var (scale, rest) = ScaleOptions(args);
            args = rest;
            var verb = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal));
            if (verb is not (null or "migrate" or "seed-demo" or "seed-scale"))
                throw new StartupException($"unknown command '{verb}'; known commands: migrate, seed-demo, seed-scale (no command starts the web host)");

            var app = HostBuilder.Build(args.Where(a => a != verb).ToArray());
            var configuration = app.Configuration;
            var startup = app.Services.GetRequiredService<StartupTasks>();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));

            if (verb is "migrate" or "seed-demo" or "seed-scale" || configuration.GetValue("Database:MigrateOnStart", true))
                await startup.MigrateAsync(cancel.Token);
            else
                await startup.EnsureDatabaseReachableAsync(cancel.Token);

            if (verb is "seed-demo" || (verb is null && configuration.GetValue("Demo:SeedOnStart", false)))
                await startup.SeedDemoAsync(cancel.Token);

            if (verb is "seed-scale")
                await SeedScaleAsync(startup, scale, cancel.Token);

            if (verb is null)
                await app.RunAsync();
            return 0;
        }
        catch (StartupException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
    }

    private static async Task SeedScaleAsync(StartupTasks startup, ScaleDataRequest request, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rows = await startup.SeedScaleAsync(request, cancellationToken);
        var total = rows.Sum(r => r.Rows);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"seed-scale: {total} rows ({string.Join(", ", rows.Select(r => $"{r.Table} {r.Rows}"))}) in {watch.Elapsed.TotalSeconds:0.0} s, seed {request.Seed}"));
    }

    /// <summary>Takes <c>--premises N</c>, <c>--seed S</c> and <c>--daily-months M</c> (also <c>--premises=N</c>) out of the arguments.</summary>
    private static (ScaleDataRequest Request, string[] Others) ScaleOptions(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, (string?)v) : (args[i], null);
            if (name is not ("--premises" or "--seed" or "--daily-months"))
            {
                rest.Add(args[i]);
                continue;
            }

            value ??= i + 1 < args.Length ? args[++i] : throw new StartupException($"{name} needs a value");
            values[name] = value;
        }

        var premises = Number("--premises", 250_000, 1, 10_000_000);
        var seed = Number("--seed", 1, int.MinValue, int.MaxValue);
        var dailyMonths = Number("--daily-months", ScaleDataRequest.DefaultDailyMonths, 0, 12);
        return (new ScaleDataRequest(premises, seed, dailyMonths), rest.ToArray());

        int Number(string name, int fallback, int min, int max)
        {
            if (!values.TryGetValue(name, out var text))
                return fallback;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
                return n;
            throw new StartupException($"{name} must be a whole number from {min} to {max}, not '{text}'");
        }
    }
}
