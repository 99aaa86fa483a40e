namespace Utilities.Billing.Data;

/// <summary>A norm of consumption from a date on (norm tables: electricity by rooms, residents and stove).</summary>
internal sealed class Norm
{
    public long Id { get; init; }

    public required string Utility { get; init; }

    /// <summary>The plugin's key of the row (<c>ITariffFormula.NormKey</c>).</summary>
    public required string NormKey { get; init; }

    public DateOnly ValidFrom { get; init; }

    /// <summary>Per resident a month (per m² a month for heating).</summary>
    public decimal Value { get; init; }

    public required string Unit { get; init; }
}

internal static class PeriodStates
{
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>A billing period's state; a period without a row is open. A closed period is frozen.</summary>
internal sealed class BillingPeriodState
{
    public DateOnly Period { get; init; }

    public required string State { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }
}

internal static class RunStates
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

internal static class RunStages
{
    public const string Charging = "charging";
    public const string Recalculating = "recalculating";
    public const string Ledger = "ledger";
    public const string Bills = "bills";
    public const string Done = "done";
}

/// <summary>One billing run of a period: leased by one host at a time, resumable from its cursor.</summary>
internal sealed class BillingRun
{
    public long Id { get; init; }

    public DateOnly Period { get; init; }

    public required string State { get; set; }

    public required string Stage { get; set; }

    public DateTimeOffset StartedAt { get; init; }

    public required string StartedBy { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When the charges (and recalculations) were committed with <c>billing.charges-posted</c>; the bills follow.</summary>
    public DateTimeOffset? ChargesAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public int AccountsTotal { get; set; }

    public int AccountsDone { get; set; }

    /// <summary>Accounts up to this id are charged and committed: a resumed run goes on after it.</summary>
    public long CursorAccountId { get; set; }

    public long Lines { get; set; }

    public decimal Amount { get; set; }

    public int Problems { get; set; }

    public int Bills { get; set; }

    /// <summary>The run's entries are in the ledger (set in the ledger stage's transaction): a later run of the period takes them back first.</summary>
    public bool LedgerPosted { get; set; }

    public string? Error { get; set; }
}

internal sealed class RunProblem
{
    public long RunId { get; init; }

    public long AccountId { get; init; }

    public required string Message { get; init; }
}

internal enum ChargeKind : short
{
    /// <summary>The period's own charge.</summary>
    Charge = 0,

    /// <summary>Cancels a line of a closed period (negated volume and amount).</summary>
    Reversal = 1,

    /// <summary>A new line for a closed period, posted with its reversal.</summary>
    Recalculation = 2,

    /// <summary>
    /// A reduction of the period's charge for a service interrupted beyond the permitted limits
    /// (0.15 % per hour over the limit, Rules 354 Appendix 1), negative, with its reason.
    /// </summary>
    InterruptionReduction = 3,
}

/// <summary>
/// A charge line. Lines are written by runs with binary COPY and never updated (a record: reversals
/// and recalculations are copies of lines with a few fields changed; read without tracking).
/// </summary>
internal sealed record ChargeLineRow
{
    public long Id { get; init; }

    public long RunId { get; init; }

    /// <summary>The period the line is posted in (and billed on).</summary>
    public DateOnly Period { get; init; }

    /// <summary>The period the consumption belongs to: the same, or an earlier one for reversals and recalculations.</summary>
    public DateOnly ForPeriod { get; init; }

    public long AccountId { get; init; }

    public long PremisesId { get; init; }

    public long SupplierId { get; init; }

    public required string Utility { get; init; }

    public long? TariffId { get; init; }

    public ChargeKind Kind { get; init; }

    public required string Component { get; init; }

    public string? Register { get; init; }

    public short Basis { get; init; }

    public decimal Volume { get; init; }

    public required string Unit { get; init; }

    public decimal Price { get; init; }

    public decimal Amount { get; init; }

    public DateOnly LineFrom { get; init; }

    public DateOnly LineTo { get; init; }

    public long? ReversesId { get; init; }

    public string? Reason { get; init; }

    /// <summary>The meter and readings a measured line comes from (the bill's meter block).</summary>
    public long? MeterId { get; init; }

    public decimal? Opening { get; init; }

    public decimal? Closing { get; init; }

    public required string ExplanationRu { get; init; }

    public required string ExplanationEn { get; init; }
}

/// <summary>An estimated register of a period: which chain, its place in the chain, the volume charged.</summary>
internal sealed class Estimation
{
    public DateOnly Period { get; init; }

    public long AccountId { get; init; }

    public long MeterId { get; init; }

    public required string Register { get; init; }

    /// <summary><c>a</c>: faulty meter; <c>b</c>: no reading (Rules 354 п.59 а, б).</summary>
    public required string Chain { get; init; }

    public short Seq { get; init; }

    public short Basis { get; init; }

    public decimal Volume { get; init; }

    public long RunId { get; init; }
}

/// <summary>A closed period of an account to be charged again (reversal + new lines in the next run).</summary>
internal sealed class Recalculation
{
    public long Id { get; init; }

    public long AccountId { get; init; }

    public DateOnly ForPeriod { get; init; }

    public required string ReasonCode { get; init; }

    public required string Reason { get; init; }

    /// <summary>What asked for it (an event id, an operator's entry): the same source never asks twice.</summary>
    public required string Source { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateOnly? DoneInPeriod { get; set; }

    public long? DoneRunId { get; set; }
}

/// <summary>Temporary absence of residents (norm-based charges are reduced for its days).</summary>
internal sealed class Absence
{
    public long Id { get; init; }

    public long AccountId { get; init; }

    public DateOnly FromDate { get; init; }

    public DateOnly ToDate { get; init; }

    public int Persons { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }
}

/// <summary>An issued bill: its document is what the page and the PDF show.</summary>
internal sealed class Bill
{
    public long Id { get; init; }

    public DateOnly Period { get; init; }

    public long PremisesId { get; init; }

    public required string Number { get; init; }

    public decimal TotalDue { get; init; }

    public bool IsFinal { get; init; }

    public long RunId { get; init; }

    public required string Document { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
