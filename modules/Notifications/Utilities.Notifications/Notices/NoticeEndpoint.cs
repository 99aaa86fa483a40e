using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Utilities.Notifications.Resources;
using Utilities.Platform.Api;

namespace Utilities.Notifications.Notices;

/// <summary>
/// Suppliers announce through the API with a key holding <c>notifications:write</c>:
/// <c>POST /api/notifications/notices</c> (JSON: kind, utility, title, reason, startsAt,
/// expectedEndAt, buildingIds and/or addresses), <c>POST …/notices/{id}/revisions</c> (an update)
/// and <c>POST …/notices/{id}/resolution</c> (endedAt). 201/200 with the notice and revision; 400
/// with <c>{ error: { code, message } }</c> and nothing written when the input is refused; 403 when a
/// client bound to a supplier or a service (ADR 23) names another service or buildings its supplier
/// does not serve; 404 for a notice outside its scope.
/// </summary>
internal static class NoticeEndpoint
{
    public const string Route = "/api/notifications/notices";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, AnnounceAsync).RequireAuthorization(ApiAuthorization.Policy);
        endpoints.MapPost(Route + "/{id:long}/revisions", UpdateAsync).RequireAuthorization(ApiAuthorization.Policy);
        endpoints.MapPost(Route + "/{id:long}/resolution", ResolveAsync).RequireAuthorization(ApiAuthorization.Policy);
    }

    internal sealed record NoticeBody(
        NoticeKind Kind,
        string? Utility,
        string? Title,
        string? Reason,
        DateTimeOffset? StartsAt,
        DateTimeOffset? ExpectedEndAt,
        IReadOnlyList<long>? BuildingIds,
        IReadOnlyList<string>? Addresses);

    internal sealed record ResolutionBody(DateTimeOffset? EndedAt);

    private static async Task AnnounceAsync(HttpContext context, NoticeCommands commands, IStringLocalizer<NotificationsText> text)
    {
        if (await ReadAsync<NoticeBody>(context, text) is not { } body)
            return;
        var result = await commands.AnnounceAsync(ToInput(body), By(context), context.RequestAborted, ApiDataScope.Of(context.User));
        await AnswerAsync(context, text, result, StatusCodes.Status201Created);
    }

    private static async Task UpdateAsync(HttpContext context, long id, NoticeCommands commands, IStringLocalizer<NotificationsText> text)
    {
        if (await ReadAsync<NoticeBody>(context, text) is not { } body)
            return;
        var result = await commands.UpdateAsync(id, ToInput(body), By(context), context.RequestAborted, ApiDataScope.Of(context.User));
        await AnswerAsync(context, text, result, StatusCodes.Status200OK);
    }

    private static async Task ResolveAsync(HttpContext context, long id, NoticeCommands commands, IStringLocalizer<NotificationsText> text)
    {
        var body = context.Request.ContentLength is 0 or null && !context.Request.Headers.ContentType.Any() ? new ResolutionBody(null) : await ReadAsync<ResolutionBody>(context, text);
        if (body is null)
            return;
        var result = await commands.ResolveAsync(id, body.EndedAt, By(context), context.RequestAborted, ApiDataScope.Of(context.User));
        await AnswerAsync(context, text, result, StatusCodes.Status200OK);
    }

    private static NoticeInput ToInput(NoticeBody b) =>
        new(b.Kind, b.Utility, b.Title, b.Reason, b.StartsAt, b.ExpectedEndAt, b.BuildingIds, b.Addresses is null ? null : string.Join('\n', b.Addresses));

    private static string By(HttpContext context) => "api:" + (context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "client");

    private static async Task<T?> ReadAsync<T>(HttpContext context, IStringLocalizer<NotificationsText> text)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted);
            if (body is not null)
                return body;
        }
        catch (JsonException)
        {
        }

        await WriteAsync(context, StatusCodes.Status400BadRequest, new { error = new { code = "Problem_BadJson", message = text["Problem_BadJson"].Value } });
        return null;
    }

    private static Task AnswerAsync(HttpContext context, IStringLocalizer<NotificationsText> text, NoticeResult result, int status) =>
        result.Problem is { } problem
            ? WriteAsync(context, problem switch
                {
                    "Problem_NoNotice" => StatusCodes.Status404NotFound,
                    "Problem_ScopeUtility" or "Problem_ScopeNeedsUtility" or "Problem_ScopeBuildings" => StatusCodes.Status403Forbidden,
                    _ => StatusCodes.Status400BadRequest,
                },
                new { error = new { code = problem, message = text[problem, result.ProblemArgs].Value } })
            : WriteAsync(context, status, new { noticeId = result.NoticeId, revision = result.Revision });

    private static Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(body, Json, context.RequestAborted);
    }
}
