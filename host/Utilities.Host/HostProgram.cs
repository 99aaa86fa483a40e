using Utilities.Host.Startup;

namespace Utilities.Host;

/// <summary>
/// Command-line verbs: none starts the web host; <c>migrate</c> brings every schema up to date;
/// <c>seed-demo</c> migrates and loads the demonstration data. Configuration problems end with
/// one line on standard error and exit code 2.
/// </summary>
internal static class HostProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var verb = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal));
            if (verb is not (null or "migrate" or "seed-demo"))
                throw new StartupException($"unknown command '{verb}'; known commands: migrate, seed-demo (no command starts the web host)");

            var app = HostBuilder.Build(args.Where(a => a != verb).ToArray());
            var configuration = app.Configuration;
            var startup = app.Services.GetRequiredService<StartupTasks>();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));

            if (verb is "migrate" || verb is "seed-demo" || configuration.GetValue("Database:MigrateOnStart", true))
                await startup.MigrateAsync(cancel.Token);
            else
                await startup.EnsureDatabaseReachableAsync(cancel.Token);

            if (verb is "seed-demo" || (verb is null && configuration.GetValue("Demo:SeedOnStart", false)))
                await startup.SeedDemoAsync(cancel.Token);

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
}
