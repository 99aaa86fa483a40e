using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.ModelBuilder;
using Utilities.Platform.Settings;

namespace Utilities.Platform.Modules;

/// <summary>
/// The only public entry point of a business module. The host lists modules explicitly and
/// asks each for its services, endpoints, OData entity sets, menu entries, settings and jobs.
/// </summary>
public interface IModule
{
    /// <summary>Stable name used in configuration (<c>Modules:Name:Enabled</c>) and logs.</summary>
    string Name { get; }

    /// <summary>The PostgreSQL schema the module owns; its tables live there and nowhere else.</summary>
    string Schema { get; }

    /// <summary>The module's own version: the informational version of its assembly.</summary>
    string Version => ModuleVersion.Of(GetType().Assembly);

    /// <summary>The implementation assembly: migrations, pages and services are found here only.</summary>
    Assembly Assembly => GetType().Assembly;

    void AddServices(IServiceCollection services, IConfiguration configuration);

    void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }

    /// <summary>Adds the module's entity sets to the integrators' OData model.</summary>
    void AddODataEntitySets(ODataConventionModelBuilder builder)
    {
    }

    IEnumerable<MenuEntry> MenuEntries => [];

    IEnumerable<SettingDefinition> Settings => [];

    IEnumerable<JobDefinition> Jobs => [];
}
