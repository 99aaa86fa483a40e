using System.Globalization;
using Utilities.Host.Startup;
using Utilities.Metering;
using Utilities.Platform.Modules;

namespace Utilities.Host;

/// <summary>
/// Command-line verbs: none starts the web host; <c>migrate</c> brings every schema up to date;
/// <c>seed-demo</c> migrates and loads the demonstration data; <c>seed-scale [--premises N]
/// [--seed S] [--daily-months M]</c> migrates and loads the generated scale data set (250,000 flats
/// by default; automated meters with daily values for the last M months of the year, 1 by default);
/// <c>import-readings &lt;file&gt; [--client name]</c> migrates and imports automated readings
/// (exit code 1 when some rows were rejected); <c>run-billing YYYY-MM [--close]</c> migrates and runs the
/// billing of a period with a progress bar (or takes over its run when that run's host died), then
/// closes the period when asked.
/// Configuration problems end with one line on standard error and exit code 2.
/// </summary>
internal static class HostProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var (scale, rest) = ScaleOptions(args);
            var (client, others) = ClientOption(rest);
            args = others;
            var positional = args.Where(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal)).ToList();
            var verb = positional.FirstOrDefault();
            var close = args.Contains("--close");
            args = args.Where(a => a != "--close").ToArray();
            if (verb is not (null or "migrate" or "seed-demo" or "seed-scale" or ImportVerb or BillingVerb))
                throw new StartupException($"unknown command '{verb}'; known commands: migrate, seed-demo, seed-scale, {ImportVerb}, {BillingVerb} (no command starts the web host)");
            var billingPeriod = verb is BillingVerb ? BillingPeriodArgument(positional.ElementAtOrDefault(1)) : (DateOnly?)null;
            var import = verb is ImportVerb ? ImportFile(positional.ElementAtOrDefault(1)) : null;

            var app = HostBuilder.Build(args.Where(a => a != verb && a != import?.Path && a != positional.ElementAtOrDefault(1) || verb is null).ToArray());
            var configuration = app.Configuration;
            var startup = app.Services.GetRequiredService<StartupTasks>();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));

            if (verb is "migrate" or "seed-demo" or "seed-scale" or ImportVerb or BillingVerb || configuration.GetValue("Database:MigrateOnStart", true))
                await startup.MigrateAsync(cancel.Token);
            else
                await startup.EnsureDatabaseReachableAsync(cancel.Token);

            if (verb is "seed-demo" || (verb is null && configuration.GetValue("Demo:SeedOnStart", false)))
                await startup.SeedDemoAsync(cancel.Token);

            if (verb is "seed-scale")
                await SeedScaleAsync(startup, scale, cancel.Token);

            if (import is not null)
                return await ImportReadingsAsync(app.Services, import, client);

            if (billingPeriod is { } period)
                return await RunBillingAsync(app.Services, period, close);

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

    private const string ImportVerb = "import-readings";

    private const string BillingVerb = "run-billing";

    private static DateOnly BillingPeriodArgument(string? text) =>
        Utilities.Platform.Time.BillingPeriod.TryParse(text, out var period)
            ? period.FirstDay
            : throw new StartupException($"{BillingVerb} needs a period: {BillingVerb} YYYY-MM [--close]");

    /// <summary>Runs a period with a progress bar on standard output; exit code 1 when it was refused or failed.</summary>
    private static async Task<int> RunBillingAsync(IServiceProvider services, DateOnly period, bool close)
    {
        await using var scope = services.CreateAsyncScope();
        var runs = scope.ServiceProvider.GetService<Utilities.Billing.IBillingRuns>()
            ?? throw new StartupException($"{BillingVerb} needs the Billing module, which is switched off (Modules:Billing:Enabled)");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var progress = new ConsoleProgress();
        var result = await runs.RunAsync(period, "cli:" + Environment.UserName, progress, CancellationToken.None);
        Console.WriteLine();
        if (result.Error is not null)
        {
            await Console.Error.WriteLineAsync($"{BillingVerb}: {result.Error}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{BillingVerb}: {period:yyyy-MM} run {result.RunId}: {result.Accounts} accounts, {result.Lines} lines, {result.Amount:0.00} RUB, {result.Bills} bills, {result.Problems} problems; charges committed after {result.ChargesTook?.TotalSeconds:0.0} s, bills after {result.Took?.TotalSeconds:0.0} s; {watch.Elapsed.TotalSeconds:0.0} s in this process, peak RSS {Environment.WorkingSet / 1048576} MiB now, {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB at most"));
        if (close && await runs.CloseAsync(period, "cli:" + Environment.UserName, CancellationToken.None) is { } refusal)
        {
            await Console.Error.WriteLineAsync($"{BillingVerb}: {refusal}");
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// A one-line progress bar on a terminal (<c>[#####.....] 50% 500000/1000000 accounts</c>); when the
    /// output goes to a file or a pipe, a plain line at each tenth instead.
    /// </summary>
    private sealed class ConsoleProgress : IProgress<Utilities.Billing.BillingRunProgress>
    {
        private int lastTenth = -1;

        public void Report(Utilities.Billing.BillingRunProgress value)
        {
            var share = value.AccountsTotal > 0 ? Math.Min(1.0, (double)value.AccountsDone / value.AccountsTotal) : 0;
            var text = string.Create(CultureInfo.InvariantCulture, $"{share:P0} {value.AccountsDone}/{value.AccountsTotal} accounts, {value.Lines} lines ({value.Stage})");
            if (!Console.IsOutputRedirected)
            {
                var filled = (int)(share * 30);
                Console.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {text}   ");
                return;
            }

            var tenth = (int)(share * 10);
            if (tenth == lastTenth)
                return;
            lastTenth = tenth;
            Console.WriteLine(text);
        }
    }

    private sealed record ImportRequest(string Path, ReadingImportFormat Format);

    /// <summary>The file of <c>import-readings &lt;file&gt;</c>: its format follows from its extension.</summary>
    private static ImportRequest ImportFile(string? path)
    {
        if (path is null)
            throw new StartupException($"{ImportVerb} needs a file: {ImportVerb} <readings.csv | readings.jsonl> [--client name]");
        if (!File.Exists(path))
            throw new StartupException($"cannot read the file '{path}': it does not exist");
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ReadingImportFormat.Csv,
            ".jsonl" or ".ndjson" => ReadingImportFormat.JsonLines,
            _ => throw new StartupException($"cannot tell the format of '{path}': name it *.csv (CSV) or *.jsonl / *.ndjson (JSON lines)"),
        };
        return new ImportRequest(path, format);
    }

    /// <summary>
    /// Imports a file of automated readings as the bulk endpoint does and prints the summary.
    /// Exit code 0: every row stored or already there; 1: the good rows were stored, some rows were
    /// rejected (listed); 2: nothing was done (the file as a whole is unreadable).
    /// </summary>
    private static async Task<int> ImportReadingsAsync(IServiceProvider services, ImportRequest request, string? client)
    {
        await using var scope = services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetService<IReadingImport>()
            ?? throw new StartupException($"{ImportVerb} needs the Metering module, which is switched off (Modules:Metering:Enabled)");
        ReadingImportSummary summary;
        await using (var file = new FileStream(request.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            summary = await import.ImportAsync(file, request.Format, "cli:" + (client ?? Environment.UserName), CancellationToken.None);
        if (summary.Problem is not null)
            throw new StartupException(summary.Problem);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ImportVerb}: received {summary.Received}, stored {summary.Stored}, unchanged {summary.Unchanged}, rejected {summary.Rejected}"));
        foreach (var error in summary.Errors)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {error.Line}: {error.Reason}"));
        if (summary.ErrorsTruncated)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"... and {summary.Rejected - summary.Errors.Count} more rejected rows"));
        return summary.Rejected > 0 ? 1 : 0;
    }

    /// <summary>Takes <c>--client NAME</c> (also <c>--client=NAME</c>) out of the arguments.</summary>
    private static (string? Client, string[] Others) ClientOption(string[] args)
    {
        string? client = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--client=", StringComparison.Ordinal))
                client = args[i]["--client=".Length..];
            else if (args[i] == "--client")
                client = i + 1 < args.Length ? args[++i] : throw new StartupException("--client needs a value");
            else
                rest.Add(args[i]);
        }

        if (client is not null && string.IsNullOrWhiteSpace(client))
            throw new StartupException("--client needs a value");
        return (client?.Trim(), rest.ToArray());
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
