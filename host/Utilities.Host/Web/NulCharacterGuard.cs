namespace Utilities.Host.Web;

/// <summary>
/// PostgreSQL text cannot hold a NUL character (error 22021): a query string or path carrying one (a search
/// box filled with "%00") would reach the database and fail there as a 500. Such a request is refused with
/// 400 before any page sees it (ADR 25). Forms need no guard: the form reader already refuses NUL characters.
/// </summary>
internal static class NulCharacterGuard
{
    public static IApplicationBuilder UseNulCharacterGuard(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true
                || request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true
                || request.Query.Any(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return Task.CompletedTask;
            }

            return next(context);
        });
}
