namespace Utilities.RepairFund.Data;

/// <summary>The capital repair fund of one building (Housing Code art. 169–171).</summary>
internal sealed class Fund
{
    public long Id { get; init; }

    public long BuildingId { get; init; }

    /// <summary><c>special</c> (the building's own account) or <c>regional-operator</c> ("common pot").</summary>
    public required string AccountKind { get; set; }

    /// <summary>Owners owe contributions from this date (set per building by regional law).</summary>
    public DateOnly ObligationStartsOn { get; set; }
}

/// <summary>The regional minimal contribution per m² of premises area, from a date on.</summary>
internal sealed class ContributionRate
{
    public long Id { get; init; }

    public DateOnly ValidFrom { get; init; }

    public decimal RatePerSquareMetre { get; init; }
}
