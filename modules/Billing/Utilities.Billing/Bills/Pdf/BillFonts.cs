using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Utilities.Platform.Pdf;

namespace Utilities.Billing.Bills.Pdf;

/// <summary>The faces and sizes of the printed bill, made once per process and shared by every bill.</summary>
internal static class BillFonts
{
    public static readonly XFont Title = Create(12, bold: true);
    public static readonly XFont Heading = Create(8, bold: true);
    public static readonly XFont Text = Create(7.5, bold: false);
    public static readonly XFont TextBold = Create(7.5, bold: true);
    public static readonly XFont Table = Create(7, bold: false);
    public static readonly XFont TableBold = Create(7, bold: true);
    public static readonly XFont Small = Create(6, bold: false);
    public static readonly XFont Total = Create(11, bold: true);

    private static XFont Create(double size, bool bold)
    {
        PdfFonts.EnsureInstalled();
        // Unicode encoding: Cyrillic needs it, and it writes the ToUnicode map that lets the text be copied and read back.
        return new XFont(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
    }
}
