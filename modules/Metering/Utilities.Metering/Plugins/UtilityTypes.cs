using Utilities.Plugins.Sdk;

namespace Utilities.Metering.Plugins;

/// <summary>The utility types the loaded plugins supply, by code. Metering knows no utility by name.</summary>
internal sealed class UtilityTypes(IEnumerable<IUtilityPlugin> plugins)
{
    private readonly Dictionary<string, IUtilityPlugin> byCode = plugins.ToDictionary(p => p.Code, StringComparer.Ordinal);

    public IReadOnlyCollection<IUtilityPlugin> All => byCode.Values;

    public IUtilityPlugin? Find(string code) => byCode.GetValueOrDefault(code);

    /// <summary>The register's name as people read it (the code itself when the plugin is gone).</summary>
    public string RegisterName(string utility, string register, System.Globalization.CultureInfo culture) =>
        Find(utility)?.Registers.FirstOrDefault(r => r.Code == register)?.Name.In(culture) ?? register;

    public string UnitSymbol(string utility, System.Globalization.CultureInfo culture) =>
        Find(utility)?.Unit.Symbol.In(culture) ?? string.Empty;

    public string DisplayName(string utility, System.Globalization.CultureInfo culture) =>
        Find(utility)?.DisplayName.In(culture) ?? utility;
}
