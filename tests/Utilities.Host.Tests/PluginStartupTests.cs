using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Plugins.Sdk;

namespace Utilities.Host.Tests;

/// <summary>A broken plugin folder costs one log line, not the start: the host runs with the others.</summary>
public sealed class PluginStartupTests
{
    private sealed class CollectingSink : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }

    [Fact]
    public async Task A_broken_plugin_folder_gives_one_warning_naming_it_and_the_host_starts_with_the_others()
    {
        var plugins = Path.Combine(Path.GetTempPath(), "utilities-host-plugins-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "plugins"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(plugins, Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "plugins"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var broken = Directory.CreateDirectory(Path.Combine(plugins, "Utilities.Plugins.Sewage"));
            await File.WriteAllTextAsync(Path.Combine(broken.FullName, "Utilities.Plugins.Sewage.dll"), "not an assembly", TestContext.Current.CancellationToken);

            await using var database = await TestDatabase.CreateAsync();
            var sink = new CollectingSink();
            using var baseFactory = new HostFactory(database.ConnectionString, new Dictionary<string, string?> { ["Plugins:Path"] = plugins });
            await using var factory = baseFactory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(sink)));

            var response = await factory.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var codes = json.RootElement.GetProperty("plugins").EnumerateArray().Select(p => p.GetProperty("code").GetString());
            Assert.Equal(["cold-water", "electricity", "heating", "hot-water"], codes.Order());
            Assert.Equal(4, factory.Services.GetServices<IUtilityPlugin>().Count());

            var warnings = sink.Events
                .Where(e => e.Level >= LogEventLevel.Warning && e.RenderMessage().Contains("Plugin", StringComparison.Ordinal))
                .ToList();
            var warning = Assert.Single(warnings);
            Assert.Equal("\"Utilities.Plugins.Sewage\"", warning.Properties["Plugin"].ToString());
            Assert.StartsWith("\"Utilities.Plugins.Sewage.dll cannot be loaded", warning.Properties["Reason"].ToString(), StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(plugins, recursive: true);
            }
            catch (IOException)
            {
                // loaded assemblies may keep files open
            }
        }
    }
}
