using System.Globalization;

namespace Utilities.Billing.Bills.Pdf;

/// <summary>How the printed bill writes money, volumes, dates and periods (ru-RU).</summary>
internal static class BillFormat
{
    /// <summary>A no-break space inside and after the number: "1 234,56 ₽" never breaks across lines.</summary>
    private const char Space = '\u00A0';

    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    // ICU's group separator for ru-RU has changed between versions; pin it so a bill reprints alike.
    private static readonly NumberFormatInfo Numbers = CreateNumbers();

    public static string Money(decimal amount) => amount.ToString("#,##0.00", Numbers) + Space + "₽";

    public static string Amount(decimal amount) => amount.ToString("#,##0.00", Numbers);

    public static string Volume(decimal? volume) => volume is { } v ? v.ToString("#,##0.######", Numbers) : "—";

    public static string Number(decimal value) => value.ToString("#,##0.##", Numbers);

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", Russian);

    /// <summary>"ноябрь 2026": the month in the nominative, as the form writes the period.</summary>
    public static string Period(DateOnly period) =>
        $"{Russian.DateTimeFormat.MonthNames[period.Month - 1]} {period.Year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"11.2026", as in the payment purpose.</summary>
    public static string MonthYear(DateOnly period) => period.ToString("MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>Kopecks for the QR code's <c>Sum</c> (ГОСТ Р 56042-2014: an integer number of kopecks).</summary>
    public static string Kopecks(decimal amount) => decimal.ToInt64(decimal.Round(amount * 100m, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);

    private static NumberFormatInfo CreateNumbers()
    {
        var numbers = (NumberFormatInfo)Russian.NumberFormat.Clone();
        numbers.NumberGroupSeparator = Space.ToString();
        numbers.NumberDecimalSeparator = ",";
        numbers.NegativeSign = "−";
        return NumberFormatInfo.ReadOnly(numbers);
    }
}
