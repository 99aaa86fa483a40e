using System.Globalization;

namespace Utilities.Plugins.Sdk;

/// <summary>A text in Russian (the default interface language) and English.</summary>
/// <param name="Russian">The Russian text.</param>
/// <param name="English">The English text.</param>
public sealed record LocalizedText(string Russian, string English)
{
    /// <summary>The text for a UI culture: English for English cultures, Russian otherwise.</summary>
    public string In(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "en" ? English : Russian;
    }

    /// <inheritdoc />
    public override string ToString() => Russian;
}
