namespace Utilities.Billing.Data;

internal static class InstalmentOfferStates
{
    public const string Offered = "offered";
    public const string Accepted = "accepted";
}

/// <summary>An instalment offer (Rules 354 п.72) of one account's month, and its acceptance.</summary>
internal sealed class InstalmentOffer
{
    public long Id { get; init; }

    public long AccountId { get; init; }

    public long PremisesId { get; init; }

    public long SupplierId { get; init; }

    public DateOnly Period { get; init; }

    public decimal Charged { get; init; }

    public decimal LastYear { get; init; }

    public long RunId { get; init; }

    public required string State { get; set; }

    public int? Months { get; set; }

    public decimal? InterestPercent { get; set; }

    public decimal? Deferred { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public long? AcceptedBy { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A debt warning issued by a run (threshold or restriction).</summary>
internal sealed class DebtWarningRow
{
    public long Id { get; init; }

    public long AccountId { get; init; }

    public long PremisesId { get; init; }

    public required string Kind { get; init; }

    public decimal Threshold { get; init; }

    public decimal LimitAmount { get; init; }

    public decimal Debt { get; init; }

    public DateOnly Period { get; init; }

    public long RunId { get; init; }

    public DateOnly IssuedOn { get; init; }

    public DateOnly? Deadline { get; init; }

    public DateOnly? ClearedOn { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
