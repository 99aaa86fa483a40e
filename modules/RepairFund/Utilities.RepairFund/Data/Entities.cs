namespace Utilities.RepairFund.Data;

/// <summary>The capital repair fund of one building (Housing Code art. 169–171).</summary>
internal sealed class Fund
{
    public const string Special = "special";

    public const string RegionalOperator = "regional-operator";

    public long Id { get; init; }

    public long BuildingId { get; init; }

    /// <summary><c>special</c> (the building's own account) or <c>regional-operator</c> ("common pot").</summary>
    public required string AccountKind { get; set; }

    /// <summary>Owners owe contributions from this date (set per building by regional law).</summary>
    public DateOnly ObligationStartsOn { get; set; }

    /// <summary>Declared in disrepair (аварийный) from this date: no contributions from it on (art. 169 p.2).</summary>
    public DateOnly? InDisrepairFrom { get; set; }

    public string? PayeeName { get; set; }

    public string? PayeeInn { get; set; }

    public string? PayeeKpp { get; set; }

    public string? BankName { get; set; }

    public string? Bic { get; set; }

    public string? CorrespondentAccount { get; set; }

    public string? SettlementAccount { get; set; }

    public bool IsSpecial => AccountKind == Special;
}

/// <summary>The regional minimal contribution per m² of premises area, from a date on.</summary>
internal sealed class ContributionRate
{
    public long Id { get; init; }

    public DateOnly ValidFrom { get; init; }

    public decimal RatePerSquareMetre { get; init; }
}

internal enum EntryKind : short
{
    Charge = 0,
    Recalculation = 1,
    Payment = 2,

    /// <summary>An advance (a payment without a month) moved onto a month owed: + without a month, − on the month.</summary>
    AdvanceApplied = 3,

    Penalty = 4,
}

/// <summary>One movement of a premises' (and owner's) contributions account; + owed, − paid.</summary>
internal sealed class Entry
{
    public long Id { get; init; }

    public long PremisesId { get; init; }

    public long BuildingId { get; init; }

    public long? OwnerId { get; init; }

    public EntryKind Kind { get; init; }

    /// <summary>The month the entry was posted in (the bill it shows on).</summary>
    public DateOnly Period { get; init; }

    /// <summary>The month of contributions it belongs to; null for an advance (paid beyond what is owed).</summary>
    public DateOnly? ForPeriod { get; init; }

    public DateOnly EntryDate { get; init; }

    public decimal Amount { get; init; }

    public DateOnly? LineFrom { get; init; }

    public DateOnly? LineTo { get; init; }

    public decimal? Area { get; init; }

    public decimal? Rate { get; init; }

    public decimal? Share { get; init; }

    public long? PaymentId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A work of the capital repair programme of a building.</summary>
internal sealed class Work
{
    public long Id { get; init; }

    public long BuildingId { get; init; }

    /// <summary><c>roof</c>, <c>lift</c>, <c>facade</c>, <c>engineering</c>, <c>basement</c>, <c>foundation</c>.</summary>
    public required string Kind { get; set; }

    public int PlannedYear { get; set; }

    public decimal EstimatedCost { get; set; }

    /// <summary><c>planned</c>, <c>contracted</c>, <c>in-progress</c>, <c>done</c>, <c>cancelled</c>.</summary>
    public required string Status { get; set; }

    public string? Contractor { get; set; }

    /// <summary>The owners' general meeting decision (protocol number and date).</summary>
    public string? DecisionRef { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Money paid out of a fund for a work.</summary>
internal sealed class Spending
{
    public long Id { get; init; }

    public long WorkId { get; init; }

    public long BuildingId { get; init; }

    public DateOnly SpentOn { get; init; }

    public decimal Amount { get; init; }

    public required string Document { get; init; }

    public required string RecordedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
