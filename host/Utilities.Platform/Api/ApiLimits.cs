namespace Utilities.Platform.Api;

/// <summary>
/// Limits of every OData query (ADR 6). A client asks for smaller pages with
/// <c>Prefer: odata.maxpagesize=N</c> and follows <c>@odata.nextLink</c> for the rest.
/// </summary>
public static class ApiLimits
{
    /// <summary>Rows per page before a next link is given.</summary>
    public const int PageSize = 500;

    public const int MaxTop = 1000;

    public const int MaxSkip = 1_000_000;

    public const int MaxExpansionDepth = 2;

    /// <summary>Nodes of a <c>$filter</c> or <c>$expand</c> tree: enough for real filters, not for generated monsters.</summary>
    public const int MaxNodeCount = 100;

    public const int MaxAnyAllExpressionDepth = 2;

    public const int MaxOrderByNodeCount = 5;
}
