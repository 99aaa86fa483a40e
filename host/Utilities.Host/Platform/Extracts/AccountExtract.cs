using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Utilities.Platform.History;
using Utilities.Platform.Pdf;

namespace Utilities.Host.Platform.Extracts;

/// <summary>A request for an account's full history, registered by an operator.</summary>
internal sealed class ExtractRequest
{
    public long Id { get; init; }

    public long AccountId { get; init; }

    public required string AccountNumber { get; init; }

    public required string Note { get; init; }

    public required string RegisteredBy { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public string? IssuedBy { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }
}

/// <summary>
/// The extract of an account's full history across modules (every <see cref="IAccountHistorySource"/>,
/// no history window), as CSV (semicolon-separated, UTF-8 with BOM, as Excel opens it) or PDF.
/// </summary>
internal sealed class AccountExtract(IEnumerable<IAccountHistorySource> sources)
{
    public async Task<IReadOnlyList<AccountHistorySection>> ReadAsync(long accountId, CancellationToken cancellationToken)
    {
        var sections = new List<AccountHistorySection>();
        foreach (var source in sources.OrderBy(s => s.Order))
            sections.AddRange(await source.ReadAsync(accountId, cancellationToken));
        return sections;
    }

    public static byte[] Csv(string title, IReadOnlyList<AccountHistorySection> sections)
    {
        var text = new StringBuilder();
        text.Append(Cell(title)).Append("\r\n");
        foreach (var section in sections)
        {
            text.Append("\r\n").Append(Cell(section.Title)).Append("\r\n");
            text.Append(string.Join(';', section.Columns.Select(Cell))).Append("\r\n");
            foreach (var row in section.Rows)
                text.Append(string.Join(';', row.Select(Cell))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>A CSV cell, quoted when it holds a separator, a quote or a line break; a leading formula sign is neutralised.</summary>
    private static string Cell(string value)
    {
        var v = value.Length > 0 && value[0] is '=' or '+' or '@' ? "'" + value : value;
        return v.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    public static byte[] Pdf(string title, string subtitle, IReadOnlyList<AccountHistorySection> sections)
    {
        PdfFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Utilities settlement centre";
        document.Options.CompressContentStreams = true;
        var writer = new PageWriter(document);
        writer.Line(title, 13, bold: true);
        writer.Line(subtitle, 9);
        foreach (var section in sections)
        {
            writer.Gap(10);
            writer.Line(section.Title, 11, bold: true);
            var widths = Widths(section);
            writer.Row(widths, 7.5, true, section.Columns);
            foreach (var row in section.Rows)
                writer.Row(widths, 7.5, false, row);
        }

        writer.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// <summary>Column starts, in points, shared out by the longest text of each column.</summary>
    private static double[] Widths(AccountHistorySection section)
    {
        var lengths = section.Columns.Select((c, i) => Math.Max(c.Length, section.Rows.Select(r => i < r.Count ? r[i].Length : 0).DefaultIfEmpty(0).Max()))
            .Select(l => (double)Math.Clamp(l, 4, 40)).ToArray();
        var total = lengths.Sum();
        var starts = new double[lengths.Length];
        for (var i = 1; i < lengths.Length; i++)
            starts[i] = starts[i - 1] + (lengths[i - 1] / total * PageWriter.Width);
        return starts;
    }

    /// <summary>Lines and rows top to bottom, a new A4 page when one is full.</summary>
    private sealed class PageWriter(PdfDocument document) : IDisposable
    {
        private const double Margin = 36;
        public const double Width = 595 - (2 * Margin);
        private const double Bottom = 842 - Margin;
        private readonly XPdfFontOptions options = new(PdfFontEncoding.Unicode);
        private readonly Dictionary<(double, bool), XFont> fonts = [];
        private XGraphics? gfx;
        private double y = Bottom;

        private XFont Font(double size, bool bold)
        {
            if (!fonts.TryGetValue((size, bold), out var font))
                fonts[(size, bold)] = font = new XFont(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, options);
            return font;
        }

        private XGraphics Room(double height)
        {
            if (gfx is null || y + height > Bottom)
            {
                gfx?.Dispose();
                var page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                gfx = XGraphics.FromPdfPage(page);
                y = Margin;
            }

            return gfx;
        }

        public void Gap(double points) => y += points;

        public void Line(string text, double size, bool bold = false)
        {
            var g = Room(size * 1.5);
            g.DrawString(text, Font(size, bold), XBrushes.Black, new XRect(Margin, y, Width, size * 1.4), XStringFormats.TopLeft);
            y += size * 1.5;
        }

        public void Row(double[] starts, double size, bool bold, IReadOnlyList<string> cells)
        {
            var g = Room(size * 1.6);
            var font = Font(size, bold);
            for (var i = 0; i < cells.Count && i < starts.Length; i++)
            {
                var right = i + 1 < starts.Length ? starts[i + 1] : Width;
                var text = cells[i];
                while (text.Length > 1 && g.MeasureString(text, font).Width > right - starts[i] - 4)
                    text = text[..^2] + "…";
                g.DrawString(text, font, XBrushes.Black, new XRect(Margin + starts[i], y, right - starts[i], size * 1.4), XStringFormats.TopLeft);
            }

            y += size * 1.6;
        }

        public void Dispose() => gfx?.Dispose();
    }
}
