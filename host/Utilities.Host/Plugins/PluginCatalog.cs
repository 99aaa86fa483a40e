using System.Reflection;
using System.Text.RegularExpressions;
using McMaster.NETCore.Plugins;
using Utilities.Plugins.Sdk;

namespace Utilities.Host.Plugins;

/// <summary>
/// The utility types of this host: every folder <c>&lt;Name&gt;/&lt;Name&gt;.dll</c> under the plugins
/// directory, each loaded into its own load context that shares the SDK types with the host. A
/// folder that cannot be loaded, runs on an incompatible SDK or breaks a rule is rejected with a
/// reason; the others load all the same.
/// </summary>
internal sealed partial class PluginCatalog
{
    private static readonly Type[] SharedTypes = [typeof(IUtilityPlugin), typeof(IConsumptionForecaster)];

    private PluginCatalog(string directory, bool directoryExists, IReadOnlyList<LoadedPlugin> loaded, IReadOnlyList<RejectedPlugin> rejected)
    {
        Directory = directory;
        DirectoryExists = directoryExists;
        Loaded = loaded;
        Rejected = rejected;
    }

    public string Directory { get; }

    public bool DirectoryExists { get; }

    /// <summary>The plugins that loaded, in folder name order.</summary>
    public IReadOnlyList<LoadedPlugin> Loaded { get; }

    public IReadOnlyList<RejectedPlugin> Rejected { get; }

    public static PluginCatalog Load(string directory)
    {
        var loaded = new List<LoadedPlugin>();
        var rejected = new List<RejectedPlugin>();
        if (!System.IO.Directory.Exists(directory))
            return new PluginCatalog(directory, false, loaded, rejected);

        foreach (var folder in System.IO.Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            LoadedPlugin? plugin;
            string? reason;
            try
            {
                (plugin, reason) = LoadFolder(folder, name);
            }
#pragma warning disable CA1031 // A plugin folder can fail in ways not foreseen here: it costs that plugin, never the host.
            catch (Exception e)
#pragma warning restore CA1031
            {
                (plugin, reason) = (null, $"{e.GetType().Name}: {e.Message}");
            }

            var taken = plugin is null ? null : loaded.FirstOrDefault(p => p.Plugin.Code == plugin.Plugin.Code);
            if (taken is not null)
                reason = $"code '{taken.Plugin.Code}' is already taken by plugin {taken.Folder}";
            if (reason is not null)
                rejected.Add(new RejectedPlugin(name, OneLine(reason)));
            else
                loaded.Add(plugin!);
        }

        return new PluginCatalog(directory, true, loaded, rejected);
    }

    private static (LoadedPlugin? Plugin, string? Reason) LoadFolder(string folder, string name)
    {
        var file = Path.Combine(folder, name + ".dll");
        if (!File.Exists(file))
            return (null, $"no {name}.dll in the folder (a plugin folder holds <Name>/<Name>.dll)");

        Assembly assembly;
        try
        {
            // Not unloadable: plugins live as long as the host. The SDK assembly comes from the host,
            // so the plugin's types implement the host's interfaces (stack-notes.md, trap 4).
            assembly = PluginLoader.CreateFromAssemblyFile(file, isUnloadable: false, sharedTypes: SharedTypes).LoadDefaultAssembly();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or InvalidOperationException)
        {
            return (null, $"{name}.dll cannot be loaded: {e.Message}");
        }

        var sdk = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == typeof(IUtilityPlugin).Assembly.GetName().Name);
        if (sdk?.Version is null)
            return (null, "it does not reference Utilities.Plugins.Sdk");
        if (SdkCompatibility.Incompatibility(sdk.Version, SdkCompatibility.HostSdk) is { } incompatible)
            return (null, incompatible);

        Type[] entryTypes;
        try
        {
            entryTypes = assembly.GetExportedTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IUtilityPlugin).IsAssignableFrom(t))
                .ToArray();
        }
        catch (ReflectionTypeLoadException e)
        {
            return (null, $"its types cannot be loaded: {e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message}");
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException)
        {
            return (null, $"its types cannot be loaded: {e.Message}");
        }

        if (entryTypes.Length != 1)
        {
            return (null, entryTypes.Length == 0
                ? $"no public class implements {nameof(IUtilityPlugin)}"
                : $"several classes implement {nameof(IUtilityPlugin)}: {string.Join(", ", entryTypes.Select(t => t.FullName))}");
        }

        IUtilityPlugin plugin;
        string? invalid;
        try
        {
            plugin = (IUtilityPlugin)Activator.CreateInstance(entryTypes[0])!;
            invalid = Validate(plugin);
        }
#pragma warning disable CA1031 // Plugin code runs here: whatever it throws rejects the plugin, never the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            return (null, $"{entryTypes[0].FullName} failed: {cause.GetType().Name}: {cause.Message}");
        }

        if (invalid is not null)
            return (null, invalid);

        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return (new LoadedPlugin(plugin, name, version, sdk.Version.ToString(3)), null);
    }

    /// <summary>
    /// What the rest of the system relies on: a well-formed unique code, names, a unit, registers, a
    /// forecaster, layouts made of its own registers and a validator (SDK 1.2.0; an older plugin gets
    /// the SDK's defaults, which pass).
    /// </summary>
    internal static string? Validate(IUtilityPlugin plugin)
    {
        if (plugin.Code is null || !CodePattern().IsMatch(plugin.Code))
            return $"code '{plugin.Code}' is not a lower-case code such as 'cold-water'";
        if (plugin.DisplayName is null || string.IsNullOrWhiteSpace(plugin.DisplayName.Russian) || string.IsNullOrWhiteSpace(plugin.DisplayName.English))
            return $"plugin '{plugin.Code}' has no Russian and English display name";
        if (plugin.Unit is null || string.IsNullOrWhiteSpace(plugin.Unit.Code))
            return $"plugin '{plugin.Code}' has no unit";
        if (plugin.Registers is null || plugin.Registers.Count == 0)
            return $"plugin '{plugin.Code}' has no meter registers";
        if (plugin.Registers.Any(r => r is null || string.IsNullOrWhiteSpace(r.Code)))
            return $"plugin '{plugin.Code}' has a register without a code";
        if (plugin.Registers.Select(r => r.Code).Distinct(StringComparer.Ordinal).Count() != plugin.Registers.Count)
            return $"plugin '{plugin.Code}' has duplicate register codes";
        if (plugin.Forecaster is null)
            return $"plugin '{plugin.Code}' has no forecaster";
        return ValidateLayouts(plugin) ?? (plugin.Validator is null ? $"plugin '{plugin.Code}' has no meter validator" : null);
    }

    private static string? ValidateLayouts(IUtilityPlugin plugin)
    {
        var layouts = plugin.Layouts;
        if (layouts is null || layouts.Count == 0)
            return $"plugin '{plugin.Code}' has no register layouts";
        var registers = plugin.Registers.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var layout in layouts)
        {
            if (layout is null || string.IsNullOrWhiteSpace(layout.Code))
                return $"plugin '{plugin.Code}' has a register layout without a code";
            if (layout.Registers is null || layout.Registers.Count == 0)
                return $"plugin '{plugin.Code}' has register layout '{layout.Code}' without registers";
            foreach (var register in layout.Registers)
            {
                if (register is null || !registers.Contains(register))
                    return $"plugin '{plugin.Code}' has register layout '{layout.Code}' with register '{register}' it does not declare";
            }

            if (layout.Registers.Distinct(StringComparer.Ordinal).Count() != layout.Registers.Count)
                return $"plugin '{plugin.Code}' has register layout '{layout.Code}' with a register twice";
        }

        return layouts.Select(l => l.Code).Distinct(StringComparer.Ordinal).Count() != layouts.Count
            ? $"plugin '{plugin.Code}' has duplicate register layout codes"
            : null;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();
}

/// <summary>A plugin that loaded: the folder it came from, its own version and the SDK version it was built against.</summary>
internal sealed record LoadedPlugin(IUtilityPlugin Plugin, string Folder, string Version, string SdkVersion);

/// <summary>A plugin folder that did not load, and why.</summary>
internal sealed record RejectedPlugin(string Folder, string Reason);
