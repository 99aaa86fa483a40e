using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Utilities.Platform.Pdf;

namespace Utilities.RepairFund.Statements;

/// <summary>A fund's statement as a file: CSV (semicolon-separated, UTF-8 with BOM, as Excel in ru-RU opens it) and a one-page PDF.</summary>
internal static class StatementExport
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static byte[] Csv(string building, StatementTotals t, IReadOnlyList<(string Premises, decimal Debt)> debtors)
    {
        var csv = new StringBuilder();
        csv.AppendLine(CultureInfo.InvariantCulture, $"Дом;{Quote(building)}");
        csv.AppendLine(CultureInfo.InvariantCulture, $"Период;{t.From:dd.MM.yyyy};{t.To:dd.MM.yyyy}");
        foreach (var (name, amount) in Lines(t))
            csv.AppendLine(CultureInfo.InvariantCulture, $"{name};{amount.ToString("0.00", CultureInfo.InvariantCulture)}");
        csv.AppendLine();
        csv.AppendLine("Должник;Долг");
        foreach (var (premises, debt) in debtors)
            csv.AppendLine(CultureInfo.InvariantCulture, $"{Quote(premises)};{debt.ToString("0.00", CultureInfo.InvariantCulture)}");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static byte[] Pdf(string building, StatementTotals t, IReadOnlyList<(string Premises, decimal Debt)> debtors)
    {
        PdfFonts.EnsureInstalled();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var title = new XFont(PdfFonts.Family, 13, XFontStyleEx.Bold, options);
        var text = new XFont(PdfFonts.Family, 10, XFontStyleEx.Regular, options);
        var bold = new XFont(PdfFonts.Family, 10, XFontStyleEx.Bold, options);
        using var document = new PdfDocument();
        document.Info.Title = $"Выписка фонда капремонта: {building}";
        var page = document.AddPage();
        using (var g = XGraphics.FromPdfPage(page))
        {
            double y = 50;
            g.DrawString("Выписка по фонду капитального ремонта", title, XBrushes.Black, 50, y);
            y += 22;
            g.DrawString(building, bold, XBrushes.Black, 50, y);
            y += 16;
            g.DrawString($"с {t.From.ToString("dd.MM.yyyy", Ru)} по {t.To.ToString("dd.MM.yyyy", Ru)}", text, XBrushes.Black, 50, y);
            y += 24;
            foreach (var (name, amount) in Lines(t))
            {
                g.DrawString(name, text, XBrushes.Black, 50, y);
                g.DrawString(amount.ToString("N2", Ru) + " ₽", text, XBrushes.Black, new XRect(300, y - 10, 200, 14), XStringFormats.TopRight);
                y += 15;
            }

            y += 15;
            g.DrawString("Должники", bold, XBrushes.Black, 50, y);
            y += 16;
            foreach (var (premises, debt) in debtors.Take(40))
            {
                g.DrawString(premises, text, XBrushes.Black, 50, y);
                g.DrawString(debt.ToString("N2", Ru) + " ₽", text, XBrushes.Black, new XRect(300, y - 10, 200, 14), XStringFormats.TopRight);
                y += 14;
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static IEnumerable<(string, decimal)> Lines(StatementTotals t) =>
    [
        ("Долг собственников на начало", t.DebtAtStart),
        ("Начислено взносов (с перерасчётами)", t.Charged),
        ("Начислено пени", t.Penalties),
        ("Оплачено", t.Paid),
        ("Долг собственников на конец", t.DebtAtEnd),
        ("Остаток фонда на начало", t.BalanceAtStart),
        ("Израсходовано на работы", t.Spent),
        ("Остаток фонда на конец", t.BalanceAtEnd),
    ];

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(";\"\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
