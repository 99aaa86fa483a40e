namespace Utilities.Host.Plugins;

/// <summary>
/// Tells at start what the catalog found: one line for the plugins that loaded and one warning
/// line per plugin folder that did not, naming it and the reason. The catalog loads before the
/// host's logging exists, so it reports here.
/// </summary>
internal sealed class PluginCatalogReport(PluginCatalog catalog, ILogger<PluginCatalogReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!catalog.DirectoryExists)
            logger.LogWarning("Plugins: folder {Directory} does not exist, no utility types are loaded", catalog.Directory);
        else
            logger.LogInformation("Plugins loaded from {Directory}: {Plugins}", catalog.Directory,
                catalog.Loaded.Count == 0 ? "none" : string.Join(", ", catalog.Loaded.Select(p => $"{p.Plugin.Code} {p.Version}")));
        foreach (var rejected in catalog.Rejected)
            logger.LogWarning("Plugin {Plugin} not loaded: {Reason}", rejected.Folder, rejected.Reason);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
