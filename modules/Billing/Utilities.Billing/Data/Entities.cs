namespace Utilities.Billing.Data;

/// <summary>A supplier's tariff for one utility; its prices change over time as versions.</summary>
internal sealed class Tariff
{
    public long Id { get; init; }

    public required string Utility { get; init; }

    public long SupplierId { get; init; }

    public required string Name { get; set; }

    /// <summary>The plugin's tariff shape: <c>single</c>, <c>two-zone</c>, <c>ranges</c>, <c>two-component</c>, <c>heat</c>…</summary>
    public string Formula { get; set; } = "single";

    /// <summary>The tariff applies from this day…</summary>
    public DateOnly ValidFrom { get; set; } = new(2000, 1, 1);

    /// <summary>…to this day inclusive (null: until further notice). Tariffs of one supplier, utility and shape never overlap.</summary>
    public DateOnly? ValidTo { get; set; }

    public List<TariffVersion> Versions { get; init; } = [];
}

/// <summary>The price of one component from a date on (effective-dated, arbitrary start dates).</summary>
internal sealed class TariffVersion
{
    public long Id { get; init; }

    public long TariffId { get; init; }

    public DateOnly ValidFrom { get; init; }

    public required string Component { get; init; }

    public decimal Price { get; init; }

    public required string Unit { get; init; }
}
