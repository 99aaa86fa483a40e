using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Utilities.Host.Platform.ApiClients;
using Utilities.Platform.Api;

namespace Utilities.Host.Api;

internal static class ApiKeyAuthentication
{
    public const string Scheme = "apikey";
    public const string HeaderName = "X-Api-Key";
    public const string KindClaim = "kind";
    public const string ApiKind = "api";
    public const string ScopeClaim = "scope";
    public const string Realm = "Utilities API";
}

/// <summary>
/// The <c>apikey</c> scheme of integrators. The key comes in the <c>X-Api-Key</c> header or as the
/// password of HTTP Basic authentication (the user name is ignored), which is what Excel and
/// Power BI can send. Keys in the query string are not accepted: URLs end up in logs.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiClientStore clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (key is null)
            return AuthenticateResult.NoResult();

        var client = await clients.FindByKeyAsync(key, Context.RequestAborted);
        if (client is null)
            return AuthenticateResult.Fail("The API key is unknown or revoked.");

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "api:" + client.KeyPrefix),
            new(ClaimTypes.Name, client.Name),
            new(ApiKeyAuthentication.KindClaim, ApiKeyAuthentication.ApiKind),
        };
        claims.AddRange(client.Scopes.Select(s => new Claim(ApiKeyAuthentication.ScopeClaim, s)));
        if (client.SupplierId is { } supplier)
            claims.Add(new Claim(ApiDataScope.SupplierClaim, supplier.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (client.Utility is { } utility)
            claims.Add(new Claim(ApiDataScope.UtilityClaim, utility));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyAuthentication.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyAuthentication.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"Basic realm=\"{ApiKeyAuthentication.Realm}\", charset=\"UTF-8\"";
        return ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            $"A valid API key is required: send it in the {ApiKeyAuthentication.HeaderName} header or as the password of HTTP Basic authentication.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden",
            $"The API key has no scope {RequiredScope(Context) ?? "for this call"}.");

    private static string? RequiredScope(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Composition.ModuleTag>() is { } module
            ? ApiScopes.For(module.Name, ApiScopes.AccessOf(context.Request.Method))
            : null;

    internal static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[ApiKeyAuthentication.HeaderName].ToString();
        if (header.Length > 0)
            return header.Trim();

        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var authorization)
            || !string.Equals(authorization.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || authorization.Parameter is null)
        {
            return null;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Parameter));
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 && colon < credentials.Length - 1 ? credentials[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Error bodies of the API in the OData JSON format: a code and a message, never a stack trace.</summary>
internal static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new { error = new { code, message } }, context.RequestAborted);
    }
}
