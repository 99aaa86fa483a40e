namespace Utilities.Billing.Registries;

/// <summary>How one bank writes its registry; columns are 1-based, 0 when the bank does not send the field.</summary>
internal sealed class RegistryBank
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    /// <summary><c>windows-1251</c>, <c>cp866</c> or <c>utf-8</c>.</summary>
    public required string Encoding { get; set; }

    public string Delimiter { get; set; } = ";";

    /// <summary>Header lines before the first payment.</summary>
    public int SkipLines { get; set; }

    public int DateColumn { get; set; }

    public string DateFormat { get; set; } = "dd.MM.yyyy";

    /// <summary>The bank's number of the payment (its operation or document number): with the date and amount, the row's identity.</summary>
    public int DocumentColumn { get; set; }

    /// <summary>Payer code (ЕЛС), account or contract number as the payer gave it.</summary>
    public int ReferenceColumn { get; set; }

    public int ContractColumn { get; set; }

    public int AddressColumn { get; set; }

    public int PayerColumn { get; set; }

    public int PeriodColumn { get; set; }

    public string PeriodFormat { get; set; } = "MMyyyy";

    public int AmountColumn { get; set; }

    public string Target { get; set; } = Data.PaymentTargets.Bill;

    public bool Active { get; set; } = true;

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class RegistryStates
{
    public const string Imported = "imported";
    public const string Rejected = "rejected";
}

internal static class RegistryRowStatus
{
    public const string Posted = "posted";
    public const string Duplicate = "duplicate";
    public const string Unmatched = "unmatched";
    public const string Rejected = "rejected";
    public const string Resolved = "resolved";
}

/// <summary>One uploaded file and its report (the counts; the rows are in <see cref="RegistryRow"/>).</summary>
internal sealed class Registry
{
    public long Id { get; init; }

    public required string BankCode { get; init; }

    public required string FileName { get; init; }

    public required string FileHash { get; init; }

    public long SizeBytes { get; init; }

    public required string Encoding { get; init; }

    public required string State { get; set; }

    /// <summary>Why the whole file was refused (a key of <c>RegistryText</c> without its prefix).</summary>
    public string? Problem { get; set; }

    public string? ProblemDetail { get; set; }

    public int RowsTotal { get; set; }

    public int RowsPosted { get; set; }

    public int RowsDuplicate { get; set; }

    public int RowsUnmatched { get; set; }

    public int RowsRejected { get; set; }

    public decimal AmountTotal { get; set; }

    public decimal AmountPosted { get; set; }

    public required string UploadedBy { get; init; }

    public DateTimeOffset UploadedAt { get; init; }

    public decimal Seconds { get; set; }
}

internal sealed class RegistryRow
{
    public long RegistryId { get; init; }

    public int Line { get; init; }

    public required string Raw { get; init; }

    public string? Source { get; init; }

    public string? Reference { get; init; }

    public string? Contract { get; init; }

    public string? Address { get; init; }

    public string? Payer { get; init; }

    public DateOnly? PaidOn { get; init; }

    public DateOnly? ForPeriod { get; init; }

    public decimal? Amount { get; init; }

    public required string Status { get; set; }

    public string? MatchKind { get; set; }

    public long? PremisesId { get; set; }

    public long? AccountId { get; set; }

    public long? PaymentId { get; set; }

    public string? Problem { get; set; }

    public string? ProblemDetail { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}
