using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Resources;
using Utilities.Platform.Api;

namespace Utilities.Billing.Registries;

/// <summary>
/// <c>POST /api/billing/registries?bank=sber&amp;file=…[&amp;encoding=cp866]</c>: a bank's registry file as
/// the body, with an API key holding <c>billing:write</c>. 200 with the file's report (the earlier
/// report for a file accepted before, <c>duplicateFile: true</c>); 400 when the file is refused as a
/// whole (nothing of it stored; the refusal is listed among the registries) or the bank is unknown.
/// </summary>
internal static class RegistryEndpoint
{
    public const string Route = "/api/billing/registries";

    /// <summary>The rows listed in an answer (rejected, unmatched, duplicates); the back office shows them all.</summary>
    public const int MaxListed = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, HandleAsync).RequireAuthorization(ApiAuthorization.Policy);

    private static async Task HandleAsync(HttpContext context, RegistryImport import, BillingDbContext db, IStringLocalizer<RegistryText> text)
    {
        var bank = context.Request.Query["bank"].ToString().Trim();
        var file = context.Request.Query["file"].ToString().Trim();
        var encoding = context.Request.Query["encoding"].ToString().Trim().ToLowerInvariant();
        if (bank.Length == 0)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "NoBank", text["Problem_NoBank"]);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = RegistryFile.MaxBytes + 1;
        byte[] bytes;
        try
        {
            bytes = await ReadAsync(context.Request.Body, context.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or InvalidDataException && !context.RequestAborted.IsCancellationRequested)
        {
            var tooLarge = e is InvalidDataException || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
            await ErrorAsync(context, tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, tooLarge ? "TooLarge" : "Broken",
                tooLarge ? text["Problem_TooLarge", RegistryFile.MaxBytes / 1024 / 1024] : text["Problem_Broken"]);
            return;
        }

        var client = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "api";
        var result = await import.ImportAsync(bank, file.Length > 0 ? file : $"{bank}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.txt", bytes, encoding.Length > 0 ? encoding : null, client, context.RequestAborted);
        if (result.RegistryId is not { } id)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, result.Problem!, RegistryMessages.Text(text, result.Problem, result.ProblemDetail));
            return;
        }

        var registry = await db.Registries.AsNoTracking().SingleAsync(r => r.Id == id, context.RequestAborted);
        if (registry.State == RegistryStates.Rejected)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteAsync(context, new { error = new { code = registry.Problem, message = RegistryMessages.Text(text, registry.Problem, registry.ProblemDetail), registryId = id } });
            return;
        }

        var listed = await db.RegistryRows.AsNoTracking().Where(r => r.RegistryId == id && r.Status != RegistryRowStatus.Posted && r.Status != RegistryRowStatus.Resolved)
            .OrderBy(r => r.Line).Take(MaxListed).ToListAsync(context.RequestAborted);
        await WriteAsync(context, new
        {
            registryId = id, duplicateFile = result.DuplicateFile, bank = registry.BankCode, file = registry.FileName, registry.Encoding, registry.State,
            rows = registry.RowsTotal, posted = registry.RowsPosted, duplicates = registry.RowsDuplicate, unmatched = registry.RowsUnmatched, rejected = registry.RowsRejected,
            registry.AmountTotal, registry.AmountPosted,
            problems = listed.Select(r => new { r.Line, r.Status, r.Reference, r.Amount, problem = r.Problem, message = RegistryMessages.Text(text, r.Problem, r.ProblemDetail) }),
        });
    }

    /// <summary>The whole body, refused past <see cref="RegistryFile.MaxBytes"/> (a registry is read whole: ADR 16).</summary>
    internal static async Task<byte[]> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > RegistryFile.MaxBytes)
                throw new InvalidDataException("registry over the size limit");
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, new { error = new { code, message } });
    }

    private static Task WriteAsync(HttpContext context, object body)
    {
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(body, Json, context.RequestAborted);
    }
}
