using System.Globalization;

namespace Utilities.Platform.Settings;

/// <summary>
/// An organisation or regional setting with its default. Values are effective-dated: rates and
/// rules change over time, so each stored value has a valid-from date and the default holds
/// before the first one. The description is a key in <see cref="Resources"/>.
/// </summary>
public sealed record SettingDefinition(
    string Key,
    SettingType Type,
    string DefaultValue,
    Type Resources,
    decimal? Minimum = null,
    decimal? Maximum = null)
{
    public string DescriptionKey => "Setting_" + Key.Replace('.', '_');

    public static SettingDefinition Integer<TResources>(SettingKey<int> key, int defaultValue, int min, int max) =>
        new(key.Name, SettingType.Integer, defaultValue.ToString(CultureInfo.InvariantCulture), typeof(TResources), min, max);

    public static SettingDefinition Decimal<TResources>(SettingKey<decimal> key, decimal defaultValue, decimal min, decimal max) =>
        new(key.Name, SettingType.Decimal, defaultValue.ToString(CultureInfo.InvariantCulture), typeof(TResources), min, max);

    public static SettingDefinition Text<TResources>(SettingKey<string> key, string defaultValue) =>
        new(key.Name, SettingType.Text, defaultValue, typeof(TResources));

    public static SettingDefinition Boolean<TResources>(SettingKey<bool> key, bool defaultValue) =>
        new(key.Name, SettingType.Boolean, defaultValue ? "true" : "false", typeof(TResources));

    public static SettingDefinition TimeZone<TResources>(SettingKey<string> key, string defaultValue) =>
        new(key.Name, SettingType.TimeZone, defaultValue, typeof(TResources));

    /// <summary>
    /// Turns what a person typed into the stored invariant form, or says why it cannot be used.
    /// Accepts both "9,5" and "9.5" for decimals.
    /// </summary>
    public SettingParseResult Parse(string? input)
    {
        var text = (input ?? string.Empty).Trim();
        switch (Type)
        {
            case SettingType.Integer:
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
                    return SettingParseResult.Fail(SettingError.NotAnInteger);
                return InRange(i) ?? SettingParseResult.Ok(i.ToString(CultureInfo.InvariantCulture));
            case SettingType.Decimal:
                if (!decimal.TryParse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
                    return SettingParseResult.Fail(SettingError.NotADecimal);
                return InRange(d) ?? SettingParseResult.Ok(d.ToString(CultureInfo.InvariantCulture));
            case SettingType.Boolean:
                return text.ToUpperInvariant() switch
                {
                    "TRUE" or "1" or "ДА" or "YES" => SettingParseResult.Ok("true"),
                    "FALSE" or "0" or "НЕТ" or "NO" => SettingParseResult.Ok("false"),
                    _ => SettingParseResult.Fail(SettingError.NotABoolean),
                };
            case SettingType.TimeZone:
                return TimeZoneInfo.TryFindSystemTimeZoneById(text, out _)
                    ? SettingParseResult.Ok(text)
                    : SettingParseResult.Fail(SettingError.UnknownTimeZone);
            default:
                return text.Length is > 0 and <= 500
                    ? SettingParseResult.Ok(text)
                    : SettingParseResult.Fail(SettingError.TextLength);
        }
    }

    /// <summary>A stored value as a person reads it (decimals with the culture's separator).</summary>
    public string Display(string stored, IFormatProvider culture) =>
        Type == SettingType.Decimal && decimal.TryParse(stored, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
            ? d.ToString(culture)
            : stored;

    private SettingParseResult? InRange(decimal value) =>
        (Minimum is { } min && value < min) || (Maximum is { } max && value > max)
            ? SettingParseResult.Fail(SettingError.OutOfRange)
            : null;
}

public enum SettingError
{
    None,
    NotAnInteger,
    NotADecimal,
    NotABoolean,
    UnknownTimeZone,
    TextLength,
    OutOfRange,
}

public readonly record struct SettingParseResult(bool Success, string Value, SettingError Error)
{
    public static SettingParseResult Ok(string value) => new(true, value, SettingError.None);

    public static SettingParseResult Fail(SettingError error) => new(false, string.Empty, error);
}
