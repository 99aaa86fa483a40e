using PdfSharp.Fonts;

namespace Utilities.Contracts.ContractPdf;

/// <summary>
/// PDFsharp on Linux finds no fonts by itself: every family resolves to the one font shipped in
/// the assembly (DejaVu Sans cut to Latin, Cyrillic, № and ₽ with composite glyphs made simple,
/// see scripts/make-contract-font.py and ADR 9); bold is simulated.
/// </summary>
internal sealed class ContractFontResolver : IFontResolver
{
    public const string Family = "Contract Sans";

    private const string Face = "DejaVuSans-Contracts";

    private static readonly Lock Gate = new();

    private static readonly Lazy<byte[]> FontBytes = new(() =>
    {
        using var stream = typeof(ContractFontResolver).Assembly.GetManifestResourceStream($"Utilities.Contracts.ContractPdf.Fonts.{Face}.ttf")
            ?? throw new InvalidOperationException($"the font resource {Face}.ttf is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>PDFsharp's resolver is process-wide: install ours once (several hosts may run in one test process).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not ContractFontResolver)
                GlobalFontSettings.FontResolver = new ContractFontResolver();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(Face, bold, italic);

    public byte[]? GetFont(string faceName) => faceName == Face ? FontBytes.Value : null;
}
