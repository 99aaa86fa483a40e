using Npgsql;
using Utilities.Host.Composition;
using Utilities.Host.Plugins;
using Utilities.Host.Startup;
using Utilities.Platform.Data;

namespace Utilities.Host.Health;

/// <summary>
/// What <c>/health</c> reports: whether the database answers, and each module with its version
/// and the newest migration applied to its schema; the plugins that loaded, with their versions
/// and the SDK version each was built against.
/// </summary>
internal sealed class HealthReporter(NpgsqlDataSource dataSource, ModuleRegistry modules, PluginCatalog plugins, ILogger<HealthReporter> logger)
{
    public async Task<HealthReport> ReportAsync(CancellationToken cancellationToken)
    {
        var schemas = new List<SchemaHealth>();
        bool reachable;
        try
        {
            schemas.Add(new SchemaHealth("Platform", typeof(HealthReporter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                DatabaseBootstrap.PlatformSchema, true, await SchemaMigrator.AppliedVersionAsync(dataSource, DatabaseBootstrap.PlatformSchema, cancellationToken)));
            foreach (var module in modules.All)
            {
                var enabled = modules.Enabled.Contains(module);
                var applied = enabled ? await SchemaMigrator.AppliedVersionAsync(dataSource, module.Schema, cancellationToken) : null;
                schemas.Add(new SchemaHealth(module.Name, module.Version, module.Schema, enabled, applied));
            }

            reachable = true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning("Health check: database unreachable: {Reason}", e.Message);
            // Connections the server cut (a restart): the next check opens fresh ones.
            if (DatabaseOutage.Is(e))
                dataSource.Clear();
            reachable = false;
        }

        var healthy = reachable && schemas.Where(s => s.Enabled).All(s => s.SchemaVersion is not null);
        var pluginHealth = plugins.Loaded.Select(p => new PluginHealth(p.Plugin.Code, p.Version, p.SdkVersion)).ToList();
        return new HealthReport(healthy ? "healthy" : "unhealthy", reachable, schemas, pluginHealth);
    }
}

internal sealed record HealthReport(string Status, bool DatabaseReachable, IReadOnlyList<SchemaHealth> Modules, IReadOnlyList<PluginHealth> Plugins);

internal sealed record SchemaHealth(string Name, string Version, string Schema, bool Enabled, long? SchemaVersion);

internal sealed record PluginHealth(string Code, string Version, string Sdk);
