using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Search;
using Utilities.Platform.Pdf;

namespace Utilities.Contracts.ContractPdf;

/// <summary>The cabinet activation code to print: in clear, once, with its expiry.</summary>
internal sealed record PrintedActivationCode(string Code, DateTimeOffset ExpiresAt);

/// <summary>
/// The printed contract: the centre and its bank details, the contract number and date, the
/// consumer, the premises with the payer code, one line per service (account, supplier, attach
/// code) and, when just issued, the cabinet activation code. Always in Russian: it is a legal
/// document whatever language the operator's screen uses.
/// </summary>
internal static class ContractDocument
{
    private const double Margin = 50;
    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public static byte[] Render(ContractCard card, IReadOnlyDictionary<string, string> utilityNames, PrintedActivationCode? activation, DateOnly printedOn)
    {
        PdfFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = $"Договор {card.Contract.Number}";
        document.Info.Creator = "Utilities settlement centre";
        document.Options.CompressContentStreams = true;
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestCompression;

        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
            var writer = new Writer(gfx, page.Width.Point, options);
            Write(writer, card, utilityNames, activation, printedOn);
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void Write(Writer w, ContractCard card, IReadOnlyDictionary<string, string> utilityNames, PrintedActivationCode? activation, DateOnly printedOn)
    {
        var c = card.Contract;
        if (card.Centre is { } centre)
        {
            w.Line(centre.Name, 12, bold: true);
            w.Line($"ИНН {centre.Inn}" + (centre.Kpp is null ? string.Empty : $", КПП {centre.Kpp}"), 9);
            w.Line($"Р/с {centre.SettlementAccount} в {centre.BankName}, БИК {centre.Bic}, к/с {centre.CorrespondentAccount}", 9);
        }

        w.Gap(14);
        w.Line(c.Deemed ? $"Договор № {c.Number} (заключён конклюдентными действиями)" : $"Договор № {c.Number}", 15, bold: true);
        w.Line(c.Deemed
            ? $"на предоставление коммунальных услуг; зарегистрирован {Date(printedOn)}, услуги оказываются с {Date(c.ConcludedOn)}"
            : $"на предоставление коммунальных услуг от {Date(c.ConcludedOn)}", 10);
        if (c.TerminatedOn is { } ended)
            w.Line($"Расторгнут с {Date(ended)}" + (string.IsNullOrEmpty(c.TerminationReason) ? string.Empty : $": {c.TerminationReason}"), 10, bold: true);

        w.Gap(10);
        w.Line("Потребитель", 11, bold: true);
        w.Line(card.Consumer.FullName, 10);
        if (card.Consumer.Phone is { } phone)
            w.Line($"Телефон: {Phones.Display(phone)}", 10);
        if (card.Consumer.Email is { } email)
            w.Line($"Электронная почта: {email}", 10);

        w.Gap(8);
        w.Line("Помещение", 11, bold: true);
        w.Line($"{card.Building.Address}, кв. {card.Premises.Number}", 10);
        w.Line(string.Create(Russian, $"Площадь {card.Premises.Area:0.##} м², проживает {card.Premises.Residents} чел. Единый лицевой счёт (код плательщика): {card.Premises.PayerCode}"), 10);

        w.Gap(8);
        w.Line("Услуги и лицевые счета", 11, bold: true);
        double[] columns = [0, 150, 240, 420];
        w.Row(columns, 9, true, "Услуга", "Лицевой счёт", "Поставщик", "Код привязки");
        foreach (var a in card.Accounts)
        {
            var name = utilityNames.TryGetValue(a.Account.Utility, out var n) ? n : a.Account.Utility;
            var state = a.Account.ClosedOn is { } closed ? $" (закрыт {Date(closed)})" : string.Empty;
            w.Row(columns, 9, false, name + state, a.Account.Number, a.Supplier, a.Account.AttachCode);
        }

        w.Gap(8);
        w.Paragraph("Плата за коммунальные услуги вносится ежемесячно в рублях (₽) по единому платёжному документу в срок, указанный в нём. "
            + "Номер лицевого счёта и код привязки подтверждают, что вы его держатель: с ними счёт добавляется в личный кабинет.", 9);

        w.Gap(10);
        w.Line("Личный кабинет", 11, bold: true);
        if (activation is not null)
        {
            w.Line($"Код активации: {Group(activation.Code)}", 13, bold: true);
            var expires = TimeZoneInfo.ConvertTime(activation.ExpiresAt, Moscow);
            w.Paragraph($"Действует до {Date(DateOnly.FromDateTime(expires.DateTime))}, один раз. Войдите по номеру договора, телефону или электронной почте "
                + "и введите этот код, чтобы задать пароль. Каждая новая печать договора выдаёт новый код, прежний перестаёт действовать.", 9);
        }
        else if (card.CabinetActivatedAt is not null)
        {
            w.Line("Личный кабинет уже активирован: входите со своим паролем.", 9);
        }
        else
        {
            w.Line("Код активации выдаётся при печати договора в офисе расчётного центра.", 9);
        }

        w.Gap(30);
        w.Row([0, 260], 10, false, "Расчётный центр: ____________________", "Потребитель: ____________________");
        w.Gap(4);
        w.Line($"Напечатано {Date(printedOn)}", 8);
    }

    private static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", Russian);

    private static string Group(string code) => code.Length == 8 ? $"{code[..4]}-{code[4..]}" : code;

    /// <summary>Writes lines and rows top to bottom on one page.</summary>
    private sealed class Writer(XGraphics gfx, double pageWidth, XPdfFontOptions options)
    {
        private readonly Dictionary<(double, bool), XFont> fonts = [];
        private double y = Margin;

        private double Width => pageWidth - (2 * Margin);

        private XFont Font(double size, bool bold)
        {
            if (!fonts.TryGetValue((size, bold), out var font))
                fonts[(size, bold)] = font = new XFont(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, options);
            return font;
        }

        public void Gap(double points) => y += points;

        public void Line(string text, double size, bool bold = false)
        {
            var font = Font(size, bold);
            gfx.DrawString(text, font, XBrushes.Black, new XRect(Margin, y, Width, size * 1.4), XStringFormats.TopLeft);
            y += size * 1.45;
        }

        public void Paragraph(string text, double size)
        {
            var font = Font(size, false);
            var lines = Math.Ceiling(gfx.MeasureString(text, font).Width / Width) + 1;
            var height = lines * size * 1.3;
            new XTextFormatter(gfx).DrawString(text, font, XBrushes.Black, new XRect(Margin, y, Width, height), XStringFormats.TopLeft);
            y += height;
        }

        public void Row(double[] columns, double size, bool bold, params string[] cells)
        {
            var font = Font(size, bold);
            for (var i = 0; i < cells.Length; i++)
            {
                var right = i + 1 < columns.Length ? columns[i + 1] : Width;
                gfx.DrawString(Fit(cells[i], font, right - columns[i] - 6), font, XBrushes.Black,
                    new XRect(Margin + columns[i], y, right - columns[i], size * 1.4), XStringFormats.TopLeft);
            }

            y += size * 1.6;
        }

        private string Fit(string text, XFont font, double width)
        {
            if (gfx.MeasureString(text, font).Width <= width)
                return text;
            while (text.Length > 1 && gfx.MeasureString(text + "…", font).Width > width)
                text = text[..^1];
            return text + "…";
        }
    }
}
