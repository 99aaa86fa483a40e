namespace Utilities.Platform.Settings;

/// <summary>A typed handle on a setting, declared next to its <see cref="SettingDefinition"/>.</summary>
public sealed record SettingKey<T>(string Name)
{
    public override string ToString() => Name;
}
