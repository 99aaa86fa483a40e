using System.Collections.Concurrent;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>Structured request logs name the module that served the request.</summary>
public sealed class RequestLogTests(HostFixture host) : IClassFixture<HostFixture>
{
    private sealed class CollectingSink : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }

    [Fact]
    public async Task Each_request_is_logged_with_the_module_that_served_it()
    {
        var sink = new CollectingSink();
        await using var factory = host.Factory.WithWebHostBuilder(b =>
            b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(sink)));
        var browser = factory.CreateClient(new() { AllowAutoRedirect = false });
        await browser.SignInAsync("operator", "operator-demo");

        await browser.GetAsync("/office/metering", TestContext.Current.CancellationToken);
        await browser.GetAsync("/health", TestContext.Current.CancellationToken);

        string? ModuleOf(string path) => sink.Events
            .Where(e => e.Properties.TryGetValue("RequestPath", out var p) && p.ToString() == $"\"{path}\"")
            .Select(e => e.Properties["Module"].ToString().Trim('"'))
            .LastOrDefault();
        Assert.Equal("Metering", ModuleOf("/office/metering"));
        Assert.Equal("Host", ModuleOf("/health"));
    }

    [Fact]
    public async Task An_api_call_is_logged_with_its_client_and_never_its_key()
    {
        var sink = new CollectingSink();
        await using var factory = host.Factory.WithWebHostBuilder(b =>
            b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(sink)));
        string key;
        await using (var scope = factory.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<Utilities.Host.Platform.ApiClients.ApiClientStore>()
                .CreateAsync("Логируемый клиент", ["contracts:read"], "test", TestContext.Current.CancellationToken)).Key;
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        await client.GetAsync("/odata/Buildings?$top=1", TestContext.Current.CancellationToken);

        var logged = sink.Events.Last(e => e.Properties.TryGetValue("RequestPath", out var p) && p.ToString() == "\"/odata/Buildings\"");
        var apiClient = logged.Properties["ApiClient"].ToString();
        Assert.Contains("Логируемый клиент", apiClient, StringComparison.Ordinal);
        Assert.Contains("api:" + Utilities.Host.Platform.ApiClients.ApiKey.PrefixOf(key), apiClient, StringComparison.Ordinal);
        Assert.DoesNotContain(sink.Events, e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(key, StringComparison.Ordinal)
            || e.Properties.Values.Any(v => v.ToString().Contains(key, StringComparison.Ordinal)));
    }
}
