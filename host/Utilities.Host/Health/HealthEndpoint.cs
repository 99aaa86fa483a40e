namespace Utilities.Host.Health;

internal static class HealthEndpoint
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/health", async (HealthReporter reporter, CancellationToken cancellationToken) =>
        {
            var report = await reporter.ReportAsync(cancellationToken);
            return Results.Json(report, statusCode: report.Status == "healthy" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
}
