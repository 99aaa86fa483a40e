using System.Globalization;
using System.Security.Claims;

namespace Utilities.Platform.Api;

/// <summary>
/// What data an API client may see (ADR 23): all of it, or only what belongs to the accounts of one
/// supplier and/or one service (utility). Every module's OData controllers narrow their queries by it;
/// a scoped client never sees a row outside, and sets that cannot be narrowed (documents covering
/// several suppliers) are empty for it.
/// </summary>
public sealed record ApiDataScope(long? SupplierId, string? Utility)
{
    public const string SupplierClaim = "api_supplier";
    public const string UtilityClaim = "api_utility";

    public static readonly ApiDataScope All = new(null, null);

    public bool IsAll => SupplierId is null && Utility is null;

    /// <summary>The scope of the API client making the request (claims set by the API key's authentication).</summary>
    public static ApiDataScope Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var supplier = user.FindFirst(SupplierClaim)?.Value;
        var utility = user.FindFirst(UtilityClaim)?.Value;
        return new ApiDataScope(
            supplier is null ? null : long.Parse(supplier, CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(utility) ? null : utility);
    }

    /// <summary>Whether a row of <paramref name="supplierId"/> and <paramref name="utility"/> is inside the scope.</summary>
    public bool Covers(long supplierId, string utility) =>
        (SupplierId is null || SupplierId == supplierId) && (Utility is null || string.Equals(Utility, utility, StringComparison.Ordinal));
}
