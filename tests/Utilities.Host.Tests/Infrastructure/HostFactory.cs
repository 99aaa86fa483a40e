using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>The real host over a real PostgreSQL database, with extra settings per test class.</summary>
public sealed class HostFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Program reads these before Build(): they must be given as settings (stack-notes.md, trap 6).
        builder.UseSetting("ConnectionStrings:Utilities", connectionString);
        builder.UseSetting("Demo:SeedOnStart", "true");
        // Every request of a test host comes from one address: the sign-in limit has its own test.
        builder.UseSetting("RateLimits:ConsumerPostsPerMinute", "100000");
        builder.UseSetting("RateLimits:ApiRequestsPerMinute", "100000");
        // The hourly check of expired verifications messages demo consumers; tests that need it run it themselves.
        builder.UseSetting("Metering:FaultyCheckEnabled", "false");
        // The daily anomaly check of automated meters: its tests run it themselves.
        builder.UseSetting("Metering:AnomalyCheckEnabled", "false");
        // Anonymisation of consumers past the retention period: its test runs it itself.
        builder.UseSetting("Contracts:RetentionCheckEnabled", "false");
        // Tests run billing themselves (the schedule would bill last month amid their assertions).
        builder.UseSetting("Billing:SchedulerEnabled", "false");
        // From the 20th the monthly reading reminder would message every demo consumer amid other tests' e-mails.
        builder.UseSetting("Notifications:ReadingRemindersEnabled", "false");
        // The dashboard cache would show a test's out-of-band change (a reading from an inspector) minutes later; its own test turns it on.
        builder.UseSetting("Cabinet:DashboardCacheSeconds", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.UseEnvironment("Development");
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as tests want to see them.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
