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
}
