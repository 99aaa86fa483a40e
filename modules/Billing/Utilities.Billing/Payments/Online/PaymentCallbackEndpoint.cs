using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Utilities.Billing.Payments.Online;

/// <summary>
/// <c>POST /api/billing/payments/callback</c>: the payment provider's server-to-server notice. No
/// cookie and no antiforgery token: the provider's signature proves it (401 without a valid one,
/// nothing stored). 200 once the notice is applied or was applied before, so the provider stops
/// repeating it; 404 for an unknown order, 409 for a notice that is not the order's.
/// </summary>
internal static class PaymentCallbackEndpoint
{
    public const string Route = "/api/billing/payments/callback";

    private const int MaxBody = 16 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, HandleAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> HandleAsync(HttpContext context, IServiceProvider services)
    {
        if (services.GetService<IPaymentProvider>() is not { } provider)
            return Results.NotFound();
        if (context.Request.ContentLength is > MaxBody)
            return Results.BadRequest(new { error = "body too large" });
        // A chunked body has no length: Kestrel stops it at the same limit instead of buffering it whole.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBody + 1;
        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException)
        {
            return Results.BadRequest(new { error = "body too large" });
        }

        if (buffer.Length > MaxBody)
            return Results.BadRequest(new { error = "body too large" });

        if (provider.ReadCallback(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), context.Request.Headers) is not { } notice)
            return Results.Json(new { error = "bad signature or notice" }, statusCode: StatusCodes.Status401Unauthorized);

        var result = await services.GetRequiredService<PaymentOrders>().CompleteAsync(notice, context.RequestAborted);
        return result switch
        {
            CallbackResult.Applied or CallbackResult.AlreadyApplied => Results.Ok(new { status = "ok" }),
            CallbackResult.UnknownOrder => Results.NotFound(new { error = "unknown order" }),
            _ => Results.Conflict(new { error = "the notice does not match the order" }),
        };
    }
}
