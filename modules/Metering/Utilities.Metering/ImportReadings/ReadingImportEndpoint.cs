using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Resources;
using Utilities.Platform.Api;

namespace Utilities.Metering.ImportReadings;

/// <summary>
/// <c>POST /api/metering/readings</c>: a metering system's upload, <c>text/csv</c> or
/// <c>application/x-ndjson</c>, with an API key holding <c>metering:write</c>. The answer is a JSON
/// summary (200) once the file was read; 400 when the file as a whole is unreadable (nothing stored).
/// </summary>
internal static class ReadingImportEndpoint
{
    public const string Route = "/api/metering/readings";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, HandleAsync).RequireAuthorization(ApiAuthorization.Policy);

    private static async Task HandleAsync(HttpContext context, IReadingImport import, IStringLocalizer<MeteringText> text)
    {
        if (FormatOf(context.Request.ContentType) is not { } format)
        {
            await ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", text["Import_UnsupportedType"]);
            return;
        }

        // The body is streamed, never buffered: a day of interval data for every meter is allowed.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;
        var client = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "api";
        ReadingImportSummary summary;
        try
        {
            summary = await import.ImportAsync(context.Request.Body, format, client, context.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "BrokenRequest", text["Import_Broken"]);
            return;
        }

        if (summary.Problem is not null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "BadFile", summary.Problem);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(
            new
            {
                summary.Received, summary.Stored, summary.Unchanged, summary.Rejected, summary.ErrorsTruncated,
                Errors = summary.Errors.Select(e => new { e.Line, e.Reason }),
            },
            Json, context.RequestAborted);
    }

    internal static ReadingImportFormat? FormatOf(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "text/csv" or "application/csv" => ReadingImportFormat.Csv,
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" => ReadingImportFormat.JsonLines,
            _ => null,
        };
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new { error = new { code, message } }, Json, context.RequestAborted);
    }
}
