using Utilities.Plugins.Sdk;

namespace Utilities.Host.Plugins;

internal static class PluginServiceCollectionExtensions
{
    /// <summary>
    /// Loads the plugins (<c>Plugins:Path</c>, default <c>plugins/</c> next to the host) and makes
    /// each available as <see cref="IUtilityPlugin"/>; modules take <c>IEnumerable&lt;IUtilityPlugin&gt;</c>.
    /// </summary>
    public static IServiceCollection AddUtilityPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        var configured = configuration["Plugins:Path"];
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "plugins")
            : Path.GetFullPath(configured, AppContext.BaseDirectory);
        var catalog = PluginCatalog.Load(directory);
        services.AddSingleton(catalog);
        foreach (var loaded in catalog.Loaded)
            services.AddSingleton(loaded.Plugin);
        services.AddHostedService<PluginCatalogReport>();
        return services;
    }
}
