using Utilities.Host.Composition;
using Utilities.Host.Resources;
using Utilities.Platform.Settings;

namespace Utilities.Host.Platform.Settings;

/// <summary>Every setting the host and its enabled modules declare, grouped by owner.</summary>
internal sealed class SettingsCatalog
{
    public SettingsCatalog(ModuleRegistry modules)
    {
        var groups = new List<(string Owner, IReadOnlyList<SettingDefinition> Definitions)>
        {
            ("Platform", PlatformDefinitions),
        };
        groups.AddRange(modules.Enabled.Select(m => (m.Name, (IReadOnlyList<SettingDefinition>)m.Settings.ToList())));
        Groups = groups.Where(g => g.Definitions.Count > 0).ToList();
        ByKey = Groups.SelectMany(g => g.Definitions).ToDictionary(d => d.Key, StringComparer.Ordinal);
    }

    public static IReadOnlyList<SettingDefinition> PlatformDefinitions { get; } =
    [
        SettingDefinition.Text<SharedResource>(PlatformSettings.OrganisationName, "Расчётный центр ЖКХ"),
        SettingDefinition.TimeZone<SharedResource>(PlatformSettings.TimeZone, "Europe/Moscow"),
        SettingDefinition.Integer<SharedResource>(PlatformSettings.ConsumerHistoryMonths, 36, 1, 600),
    ];

    public IReadOnlyList<(string Owner, IReadOnlyList<SettingDefinition> Definitions)> Groups { get; }

    public IReadOnlyDictionary<string, SettingDefinition> ByKey { get; }
}
