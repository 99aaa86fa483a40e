namespace Utilities.Billing.Data;

/// <summary>A supplier's tariff for one utility; its prices change over time as versions.</summary>
internal sealed class Tariff
{
    public long Id { get; init; }

    public required string Utility { get; init; }

    public long SupplierId { get; init; }

    public required string Name { get; set; }

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
