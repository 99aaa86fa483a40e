using System.Globalization;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Utilities.Billing.Bills.Pdf;

/// <summary>A column of a table row: left edge from the margin, width, and whether the cell is right-aligned (numbers).</summary>
internal readonly record struct BillColumn(double X, double Width, bool Right = false);

/// <summary>Writes a bill top to bottom on A4 pages: wrapped text, table rows, rules and QR codes; a new page when one is full.</summary>
internal sealed class BillLayout(PdfDocument document) : IDisposable
{
    public const double Margin = 28;
    public const double Width = 595 - (2 * Margin);
    private const double Bottom = 842 - Margin - 10;
    private const double Padding = 3;

    private static readonly XPen RulePen = new(XColor.FromGrayScale(0.55), 0.4);
    private static readonly XPen HeadingPen = new(XColors.Black, 0.7);
    private static readonly XBrush Grey = new XSolidBrush(XColor.FromGrayScale(0.3));

    private XGraphics? gfx;
    private PdfPage? page;

    public double Y { get; set; }

    public XGraphics Graphics => gfx ??= NewPage();

    public static double LineHeight(XFont font) => font.Size * 1.25;

    public void Space(double points) => Y += points;

    /// <summary>Starts a new page unless <paramref name="height"/> more points fit on this one.</summary>
    public void Ensure(double height)
    {
        if (gfx is null || Y + height > Bottom)
            gfx = NewPage();
    }

    public void Heading(string text)
    {
        Ensure(LineHeight(BillFonts.Heading) + (3 * LineHeight(BillFonts.Table)));
        Space(5);
        Graphics.DrawString(text, BillFonts.Heading, XBrushes.Black, new XRect(Margin, Y, Width, LineHeight(BillFonts.Heading)), XStringFormats.TopLeft);
        Y += LineHeight(BillFonts.Heading);
        Graphics.DrawLine(HeadingPen, Margin, Y, Margin + Width, Y);
        Y += 2;
    }

    /// <summary>Wrapped text across <paramref name="width"/> from <paramref name="x"/>; moves down.</summary>
    public void Text(string text, XFont font, double x = 0, double width = Width, bool grey = false)
    {
        foreach (var line in Wrap(text, font, width))
        {
            Ensure(LineHeight(font));
            Graphics.DrawString(line, font, grey ? Grey : XBrushes.Black, new XRect(Margin + x, Y, width, LineHeight(font)), XStringFormats.TopLeft);
            Y += LineHeight(font);
        }
    }

    /// <summary>Wrapped text at a fixed place (a band beside a QR code); returns the height used and does not move.</summary>
    public double TextAt(string text, XFont font, double x, double y, double width)
    {
        var lines = Wrap(text, font, width);
        for (var i = 0; i < lines.Count; i++)
            Graphics.DrawString(lines[i], font, XBrushes.Black, new XRect(Margin + x, y + (i * LineHeight(font)), width, LineHeight(font)), XStringFormats.TopLeft);
        return lines.Count * LineHeight(font);
    }

    /// <summary>One table row: each cell wrapped in its column, the row as high as its tallest cell, a thin rule under it.</summary>
    public void Row(ReadOnlySpan<BillColumn> columns, XFont font, params ReadOnlySpan<string> cells)
    {
        var wrapped = new List<string>[cells.Length];
        var lines = 1;
        for (var i = 0; i < cells.Length; i++)
        {
            wrapped[i] = Wrap(cells[i], font, columns[i].Width - (2 * Padding));
            lines = Math.Max(lines, wrapped[i].Count);
        }

        var height = (lines * LineHeight(font)) + 2;
        Ensure(height);
        for (var i = 0; i < cells.Length; i++)
        {
            var c = columns[i];
            for (var l = 0; l < wrapped[i].Count; l++)
            {
                var box = new XRect(Margin + c.X + Padding, Y + 1 + (l * LineHeight(font)), c.Width - (2 * Padding), LineHeight(font));
                Graphics.DrawString(wrapped[i][l], font, XBrushes.Black, box, c.Right ? XStringFormats.TopRight : XStringFormats.TopLeft);
            }
        }

        Y += height;
        Rule();
    }

    public void Rule() => Graphics.DrawLine(RulePen, Margin, Y, Margin + Width, Y);

    /// <summary>
    /// The QR code as vector squares: one filled path of the dark runs of each row, in module units, written
    /// straight into the page's content (XGraphics would fill each rectangle on its own). Crisp at any zoom,
    /// a few KB, no image (PDFsharp rejects QRCoder's PNG, stack-notes trap 9). <paramref name="y"/> is from the top.
    /// </summary>
    public void QrCode(QRCodeData code, double x, double y, double size)
    {
        var current = page ?? throw new InvalidOperationException("no page to draw the QR code on: Ensure first");
        var matrix = code.ModuleMatrix;
        var module = size / matrix.Count;
        var ops = new StringBuilder(matrix.Count * 120);
        // PDF's y grows upwards: flip so that module row r lies r modules below the top edge.
        ops.Append(CultureInfo.InvariantCulture, $"q\n{module:0.#####} 0 0 {-module:0.#####} {Margin + x:0.###} {current.Height.Point - y:0.###} cm\n0 g\n");
        for (var row = 0; row < matrix.Count; row++)
        {
            var bits = matrix[row];
            for (var col = 0; col < bits.Length; col++)
            {
                if (!bits[col])
                    continue;
                var start = col;
                while (col + 1 < bits.Length && bits[col + 1])
                    col++;
                ops.Append(CultureInfo.InvariantCulture, $"{start} {row} {col - start + 1} 1 re\n");
            }
        }

        ops.Append("f\nQ\n");
        current.Contents.AppendContent().CreateStream(Encoding.ASCII.GetBytes(ops.ToString()));
    }

    /// <summary>"Стр. 1 из 2" at the foot of each page of a bill longer than one page.</summary>
    public void NumberPages()
    {
        gfx?.Dispose();
        gfx = null;
        if (document.PageCount < 2)
            return;
        for (var i = 0; i < document.PageCount; i++)
        {
            using var foot = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            foot.DrawString($"Стр. {i + 1} из {document.PageCount}", BillFonts.Small, Grey,
                new XRect(Margin, Bottom + 4, Width, LineHeight(BillFonts.Small)), XStringFormats.TopRight);
        }
    }

    public void Dispose() => gfx?.Dispose();

    private XGraphics NewPage()
    {
        gfx?.Dispose();
        page = document.AddPage();
        page.Size = PageSize.A4;
        Y = Margin;
        return XGraphics.FromPdfPage(page);
    }

    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>(1);
        if (Graphics.MeasureString(text, font).Width <= width)
        {
            lines.Add(text);
            return lines;
        }

        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && Graphics.MeasureString(candidate, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return lines;
    }
}
