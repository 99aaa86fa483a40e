namespace Utilities.Billing.Data;

/// <summary>What a ledger entry is; the principal kinds make the monthly debts penalties are charged on.</summary>
internal enum LedgerKind : short
{
    /// <summary>The charges of a run for the account (+), one entry per account and run.</summary>
    Charge = 0,

    /// <summary>A payment allocated to a month's debt (−).</summary>
    Payment = 1,

    /// <summary>Penalties accrued in a period (+): never themselves subject to penalties.</summary>
    Penalty = 2,

    /// <summary>A payment allocated to penalties (−).</summary>
    PenaltyPayment = 3,

    /// <summary>A correction by an operator (±), with its reason.</summary>
    Adjustment = 4,

    /// <summary>An advance consumed by a month's debt: a pair, + without a month and − on the month.</summary>
    AdvanceApplied = 5,

    /// <summary>An instalment: − on the month deferred, + on each month of the schedule.</summary>
    Instalment = 6,

    /// <summary>The part of a payment beyond every debt (−, without a month): the advance.</summary>
    Advance = 7,
}

internal sealed class LedgerEntry
{
    public long Id { get; init; }

    public long AccountId { get; init; }

    public long PremisesId { get; init; }

    public long SupplierId { get; init; }

    public DateOnly? ForPeriod { get; init; }

    public DateOnly EntryDate { get; init; }

    public LedgerKind Kind { get; init; }

    public decimal Amount { get; init; }

    public long? RunId { get; init; }

    public long? PaymentId { get; init; }

    public long? ReferenceId { get; init; }

    public string? Note { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The ledger's sum per account (a cache written with every entry).</summary>
internal sealed class AccountBalance
{
    public long AccountId { get; init; }

    public long PremisesId { get; init; }

    public long SupplierId { get; init; }

    /// <summary>Σ of every entry: positive is owed, negative is an advance.</summary>
    public decimal Balance { get; init; }

    /// <summary>Σ of the entries without a month (≤ 0): the advance not yet consumed.</summary>
    public decimal Advance { get; init; }

    /// <summary>Σ of penalties and their payments: the penalties still owed.</summary>
    public decimal Penalties { get; init; }
}

/// <summary>What is owed for one month of one account (a cache of the principal entries of that month).</summary>
internal sealed class Debt
{
    public long AccountId { get; init; }

    public DateOnly ForPeriod { get; init; }

    public long PremisesId { get; init; }

    public long SupplierId { get; init; }

    public DateOnly DueDate { get; init; }

    /// <summary>Σ of the month's charges, adjustments and instalment moves.</summary>
    public decimal Charged { get; init; }

    /// <summary>What is still unpaid of it.</summary>
    public decimal Open { get; init; }

    /// <summary><see cref="Open"/> &gt; 0, stored by PostgreSQL (generated column): the partial indexes of the owing months name it.</summary>
    public bool Owing { get; init; }
}

internal static class PaymentChannels
{
    public const string Online = "online";
    public const string Kiosk = "kiosk";
    public const string Office = "office";
    public const string Registry = "registry";
}

internal static class PaymentTargets
{
    /// <summary>The bill: services (and the repair-fund block by its share).</summary>
    public const string Bill = "bill";

    /// <summary>Straight into the building's capital repair fund.</summary>
    public const string RepairFund = "repair-fund";
}

internal sealed class Payment
{
    public long Id { get; init; }

    public required string Source { get; init; }

    public required string Channel { get; init; }

    public required string Target { get; init; }

    /// <summary>What the payment named: the payer code (ЕЛС), an account or contract number.</summary>
    public required string Reference { get; init; }

    public long PremisesId { get; init; }

    public long? AccountId { get; init; }

    public DateOnly? ForPeriod { get; init; }

    public decimal Amount { get; init; }

    public DateOnly PaidOn { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public required string RecordedBy { get; init; }

    public decimal RepairFundShare { get; set; }

    public decimal Advance { get; set; }

    public string? ReceiptNumber { get; set; }

    public long? RegistryId { get; init; }

    public string? Note { get; init; }
}
