using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Utilities.Host.Startup;
using Utilities.Platform.Modules;

namespace Utilities.Host.Composition;

/// <summary>
/// The modules of this host and which of them are switched on (<c>Modules:Name:Enabled</c>).
/// A disabled module registers nothing, maps nothing and contributes no pages.
/// </summary>
internal sealed class ModuleRegistry
{
    private ModuleRegistry(IReadOnlyList<IModule> all, IReadOnlyList<IModule> enabled)
    {
        All = all;
        Enabled = enabled;
    }

    public IReadOnlyList<IModule> All { get; }

    public IReadOnlyList<IModule> Enabled { get; }

    public IModule? FindByAssembly(System.Reflection.Assembly assembly) => Enabled.FirstOrDefault(m => m.Assembly == assembly);

    public static ModuleRegistry FromConfiguration(IConfiguration configuration, IReadOnlyList<IModule> all)
    {
        var known = all.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        var disabled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection("Modules").GetChildren())
        {
            if (!known.ContainsKey(section.Key))
            {
                throw new StartupException(
                    $"unknown module '{section.Key}' in configuration section Modules; known modules: {string.Join(", ", known.Keys)}");
            }

            var flag = section["Enabled"];
            if (flag is null)
                continue;
            if (!bool.TryParse(flag, out var enabled))
                throw new StartupException($"Modules:{section.Key}:Enabled must be true or false, not '{flag}'");
            if (!enabled)
                disabled.Add(section.Key);
        }

        return new ModuleRegistry(all, all.Where(m => !disabled.Contains(m.Name)).ToList());
    }

    /// <summary>Keeps the pages and controllers of enabled modules only.</summary>
    public void ApplyTo(ApplicationPartManager parts)
    {
        foreach (var module in All)
        {
            var name = module.Assembly.GetName().Name;
            var existing = parts.ApplicationParts.Where(p => p.Name == name).ToList();
            if (Enabled.Contains(module))
            {
                if (existing.Count == 0)
                    parts.ApplicationParts.Add(new AssemblyPart(module.Assembly));
            }
            else
            {
                existing.ForEach(p => parts.ApplicationParts.Remove(p));
            }
        }
    }
}
