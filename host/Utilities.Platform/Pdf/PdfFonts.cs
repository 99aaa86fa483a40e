using PdfSharp.Fonts;

namespace Utilities.Platform.Pdf;

/// <summary>
/// The fonts of every PDF the modules print (contracts, bills). PDFsharp on Linux finds no fonts by
/// itself: every family resolves to the two faces shipped in this assembly, DejaVu Sans and DejaVu Sans
/// Bold cut to Latin, Cyrillic, № and ₽ with composite glyphs made simple (scripts/make-pdf-fonts.py,
/// ADR 9 and 14); italic is simulated.
/// </summary>
public static class PdfFonts
{
    /// <summary>The family name to give <c>XFont</c>; any other name resolves to the same faces.</summary>
    public const string Family = "Utilities Sans";

    private static readonly Lock Gate = new();

    /// <summary>PDFsharp's resolver is process-wide: install ours once (several hosts may run in one process).</summary>
    public static void EnsureInstalled()
    {
        if (GlobalFontSettings.FontResolver is Resolver)
            return;
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not Resolver)
                GlobalFontSettings.FontResolver = new Resolver();
        }
    }

    private sealed class Resolver : IFontResolver
    {
        private const string Regular = "DejaVuSans-Pdf";
        private const string Bold = "DejaVuSans-Bold-Pdf";

        private static readonly Lazy<byte[]> RegularBytes = new(() => Load(Regular));
        private static readonly Lazy<byte[]> BoldBytes = new(() => Load(Bold));

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? Bold : Regular, false, italic);

        public byte[]? GetFont(string faceName) => faceName switch
        {
            Regular => RegularBytes.Value,
            Bold => BoldBytes.Value,
            _ => null,
        };

        private static byte[] Load(string face)
        {
            using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"Utilities.Platform.Pdf.Fonts.{face}.ttf")
                ?? throw new InvalidOperationException($"the font resource {face}.ttf is missing");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
