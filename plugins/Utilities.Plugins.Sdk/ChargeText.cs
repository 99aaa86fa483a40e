using System.Globalization;

namespace Utilities.Plugins.Sdk;

/// <summary>
/// Numbers, money and days as charge explanations print them: Russian "3 200,5", "6,43 ₽", English
/// "3,200.5", "6.43 ₽"; days as "16.10" in both. The language is chosen as
/// <see cref="LocalizedText.In"/> chooses it.
/// </summary>
/// <remarks>
/// The Russian group separator is a no-break space (U+00A0) on every machine, whatever ICU data the
/// runtime has: a bill never breaks "3 200" across lines, and the text is the same in tests and in
/// production.
/// </remarks>
public static class ChargeText
{
    private static readonly NumberFormatInfo RussianNumbers = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u00A0" };
    private static readonly NumberFormatInfo EnglishNumbers = new() { NumberDecimalSeparator = ".", NumberGroupSeparator = "," };

    /// <summary>The culture to ask for Russian texts (ru-RU).</summary>
    public static CultureInfo Russian { get; } = CultureInfo.GetCultureInfo("ru-RU");

    /// <summary>The culture to ask for English texts (en-GB).</summary>
    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>A number with up to 6 decimals and no trailing zeros: "3 200", "0,05156".</summary>
    public static string Number(decimal value, CultureInfo culture) =>
        value.ToString("#,##0.######", Numbers(culture));

    /// <summary>A price or sum with at least kopecks: "6,43 ₽", "3 011,25 ₽", "4,123456 ₽".</summary>
    public static string Money(decimal value, CultureInfo culture) =>
        value.ToString("#,##0.00####", Numbers(culture)) + " ₽";

    /// <summary>A volume with its unit: "152 кВт·ч", "3,5 m³".</summary>
    public static string Quantity(decimal value, MeasurementUnit unit, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return $"{Number(value, culture)} {unit.Symbol.In(culture)}";
    }

    /// <summary>A day of a period: "16.10".</summary>
    public static string Day(DateOnly day) => day.ToString("dd.MM", CultureInfo.InvariantCulture);

    private static NumberFormatInfo Numbers(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "en" ? EnglishNumbers : RussianNumbers;
    }
}
