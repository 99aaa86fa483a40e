namespace Utilities.Platform.Api;

/// <summary>
/// The authorization policy of the integrators' API: a valid API key (never a staff or consumer
/// cookie) with the scope of the module that serves the endpoint, <c>module:read</c> for reads
/// and <c>module:write</c> for changes. OData controllers get it from the host; a module's own
/// bulk endpoints ask for it with <c>RequireAuthorization(ApiAuthorization.Policy)</c>.
/// </summary>
public static class ApiAuthorization
{
    public const string Policy = "api";
}
