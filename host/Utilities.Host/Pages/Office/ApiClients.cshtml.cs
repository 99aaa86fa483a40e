using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Host.Api;
using Utilities.Host.Composition;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Modules;

namespace Utilities.Host.Pages.Office;

/// <summary>
/// Administrators create API clients with scopes per module and revoke them. The key is shown
/// once, on the answer to the creating request, and never stored or logged.
/// </summary>
internal sealed class ApiClientsModel(
    ApiClientStore store,
    ModuleRegistry modules,
    IAuditLog audit,
    ICurrentUser user,
    IStringLocalizer<SharedResource> t,
    IEnumerable<Utilities.Plugins.Sdk.IUtilityPlugin> plugins) : PageModel
{
    private const int MaxNameLength = 200;

    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];

    public IReadOnlyList<IModule> Modules => modules.Enabled;

    /// <summary>The services a client can be bound to (the utility plugins' codes).</summary>
    public IReadOnlyList<string> Utilities { get; } = plugins.Select(p => p.Code).Order(StringComparer.Ordinal).ToList();

    /// <summary>Data scope: the id of the supplier (organisation) whose accounts alone the client sees; empty: all suppliers.</summary>
    [BindProperty]
    public string? SupplierId { get; set; }

    /// <summary>Data scope: the one service the client sees; empty: all services.</summary>
    [BindProperty]
    public string? Utility { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    public string? Error { get; private set; }

    /// <summary>The new key, on the answer to its creation only.</summary>
    public string? CreatedKey { get; private set; }

    public string? CreatedName { get; private set; }

    [TempData]
    public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Clients = await store.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var name = Name?.Trim() ?? string.Empty;
        var offered = ApiScopes.Offered(modules.Enabled);
        if (name.Length == 0 || name.Length > MaxNameLength)
            Error = t["ApiClientNameRequired", MaxNameLength];
        else if (Scopes.Count == 0)
            Error = t["ApiScopesRequired"];
        else if (Scopes.Any(s => !offered.Contains(s, StringComparer.Ordinal)))
            Error = t["ApiScopeUnknown"];

        long? supplier = null;
        if (Error is null && !string.IsNullOrWhiteSpace(SupplierId))
        {
            if (long.TryParse(SupplierId.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0)
                supplier = id;
            else
                Error = t["ApiSupplierInvalid"];
        }

        var utility = string.IsNullOrWhiteSpace(Utility) ? null : Utility.Trim();
        if (Error is null && utility is not null && !Utilities.Contains(utility, StringComparer.Ordinal))
            Error = t["ApiUtilityUnknown"];

        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Clients = await store.ListAsync(cancellationToken);
            return Page();
        }

        var (client, key) = await store.CreateAsync(name, Scopes, new Utilities.Platform.Api.ApiDataScope(supplier, utility), user.Id ?? "unknown", cancellationToken);
        var bound = (supplier is null ? string.Empty : $" supplier:{supplier}") + (utility is null ? string.Empty : $" service:{utility}");
        await audit.WriteAsync("api-client.created", $"api-client:{client.KeyPrefix}", $"{client.Name}: {string.Join(' ', client.Scopes)}{bound}", cancellationToken);
        CreatedKey = key;
        CreatedName = client.Name;
        Name = null;
        Scopes = [];
        SupplierId = null;
        Utility = null;
        Response.Headers.CacheControl = "no-store";
        Clients = await store.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        var client = await store.RevokeAsync(id, user.Id ?? "unknown", cancellationToken);
        if (client is null)
        {
            Error = t["ApiClientNotFound"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Clients = await store.ListAsync(cancellationToken);
            return Page();
        }

        await audit.WriteAsync("api-client.revoked", $"api-client:{client.KeyPrefix}", client.Name, cancellationToken);
        Saved = t["ApiClientRevoked", client.Name];
        return RedirectToPage();
    }
}
