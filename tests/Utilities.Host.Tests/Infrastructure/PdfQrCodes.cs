using UglyToad.PdfPig.Content;
using ZXing;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>
/// Reads back the QR codes a PDF page draws as vector squares (the bill does: one filled path of many
/// rectangles per code): rasterises each such path in memory and decodes it with ZXing. No image and no
/// system tool (pdftoppm) is needed.
/// </summary>
public static class PdfQrCodes
{
    private const double PixelsPerPoint = 4;
    private const int QuietZone = 24;

    /// <summary>The decoded texts, top of the page first.</summary>
    public static IReadOnlyList<string> Decode(Page page) =>
        page.Paths
            .Where(p => p.IsFilled && p.Count >= 50) // a QR code is hundreds of runs; table rules are strokes
            .Select(p => p.FillColor?.ToRGBValues() is null or (0, 0, 0) ? p : throw new InvalidOperationException($"a QR code filled in {p.FillColor}, not black"))
            .OrderByDescending(p => p.GetBoundingRectangle()?.Top ?? 0)
            .Select(DecodePath)
            .ToList();

    private static string DecodePath(UglyToad.PdfPig.Graphics.PdfPath path)
    {
        var bounds = path.GetBoundingRectangle() ?? throw new InvalidOperationException("a QR path without bounds");
        var width = (int)Math.Ceiling(bounds.Width * PixelsPerPoint) + (2 * QuietZone);
        var height = (int)Math.Ceiling(bounds.Height * PixelsPerPoint) + (2 * QuietZone);
        var pixels = new byte[width * height];
        Array.Fill(pixels, (byte)255);
        foreach (var square in path)
        {
            var r = square.GetBoundingRectangle() ?? throw new InvalidOperationException("a QR run without bounds");
            // Pixel centres inside the rectangle are dark; PDF's y grows upwards, the image's downwards.
            var x0 = (int)Math.Round((r.Left - bounds.Left) * PixelsPerPoint) + QuietZone;
            var x1 = (int)Math.Round((r.Right - bounds.Left) * PixelsPerPoint) + QuietZone;
            var y0 = (int)Math.Round((bounds.Top - r.Top) * PixelsPerPoint) + QuietZone;
            var y1 = (int)Math.Round((bounds.Top - r.Bottom) * PixelsPerPoint) + QuietZone;
            for (var y = y0; y < y1; y++)
                Array.Fill(pixels, (byte)0, (y * width) + x0, x1 - x0);
        }

        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = { PossibleFormats = [BarcodeFormat.QR_CODE], CharacterSet = "UTF-8", TryHarder = true },
        };
        var result = reader.Decode(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8)
            ?? throw new InvalidOperationException($"ZXing found no QR code in the {path.Count} runs at {bounds}");
        return result.Text;
    }

    /// <summary>The <c>Key=Value</c> pairs of a ГОСТ Р 56042 payload; the separator is the character after the 7-character header.</summary>
    public static IReadOnlyDictionary<string, string> Fields(string payload)
    {
        var separator = payload[7];
        return payload[8..].Split(separator, StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
    }
}
