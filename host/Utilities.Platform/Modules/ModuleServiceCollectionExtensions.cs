using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Utilities.Platform.Modules;

public static class ModuleServiceCollectionExtensions
{
    /// <summary>
    /// Registers (scoped) every class of a module's own assembly under each interface it implements
    /// from this system (the module's public interfaces, <see cref="IDemoData"/>, …). Only that
    /// assembly is scanned, so a module can never register another module's services.
    /// </summary>
    public static IServiceCollection AddModuleServices(this IServiceCollection services, Assembly assembly) =>
        services.Scan(scan => scan
            .FromAssemblies(assembly)
            .AddClasses(c => c.Where(t => !typeof(IModule).IsAssignableFrom(t) && t.GetInterfaces().Any(IsOwnInterface)), publicOnly: false)
            .As(t => t.GetInterfaces().Where(IsOwnInterface))
            .WithScopedLifetime());

    private static bool IsOwnInterface(Type type) =>
        type.Namespace?.StartsWith("Utilities.", StringComparison.Ordinal) == true && type != typeof(IModule);
}
