using System.Globalization;

namespace Utilities.Platform.Input;

/// <summary>
/// Numbers typed by people: "6,43", "6.43", "1 234,56" (with ordinary or no-break spaces) all
/// mean what they say, whatever the page's language; anything else is not a number.
/// </summary>
public static class DecimalInput
{
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var compact = text.Trim().Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace("\u00A0", string.Empty, StringComparison.Ordinal)
            .Replace("\u202F", string.Empty, StringComparison.Ordinal)
            .Replace(',', '.');
        return decimal.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }
}
