namespace Utilities.Billing.Bills;

/// <summary>
/// The stored data of one bill (ЕПД, form of Приказ Минстроя 43/пр): one premises, one period.
/// Composed by the billing run, stored as JSON in <c>billing.bills</c>; the HTML page and the PDF
/// are rendered from it and nothing else, so a reprint shows exactly what was issued.
/// Amounts in roubles (2 decimals); volumes with up to 6 decimals; texts already in Russian.
/// </summary>
internal sealed record BillDocument
{
    /// <summary>Bill number, unique: <c>2026-11/69НЗ-000123</c>.</summary>
    public required string Number { get; init; }

    /// <summary>First day of the billing period.</summary>
    public required DateOnly Period { get; init; }

    public required DateOnly IssuedOn { get; init; }

    /// <summary>Pay by this day (Billing.PaymentDueDay of the next month).</summary>
    public required DateOnly DueDate { get; init; }

    public required BillPayer Payer { get; init; }

    /// <summary>Who issues the bill and takes the payment (the settlement centre); its details go into the QR code.</summary>
    public required BillPayee Payee { get; init; }

    /// <summary>One line per service (personal account) of the premises.</summary>
    public required IReadOnlyList<BillService> Services { get; init; }

    /// <summary>Recalculations posted in this period, with their reasons.</summary>
    public IReadOnlyList<BillRecalculation> Recalculations { get; init; } = [];

    /// <summary>The meters and readings the charges come from.</summary>
    public IReadOnlyList<BillMeterReading> Meters { get; init; } = [];

    /// <summary>Reference data: norms, building meter volumes, the proration method.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The repair-fund block (filled by the Repair fund issue); a special account brings its own payee and QR code.</summary>
    public BillRepairFundBlock? RepairFund { get; init; }

    /// <summary>Debt (positive) or advance (negative) at the start of the period.</summary>
    public decimal OpeningBalance { get; init; }

    /// <summary>Payments counted up to <see cref="PaymentsCountedUpTo"/> (filled by the Payments issue).</summary>
    public decimal Payments { get; init; }

    public DateOnly? PaymentsCountedUpTo { get; init; }

    /// <summary>Penalties charged this period (filled by the Payments issue).</summary>
    public decimal Penalties { get; init; }

    /// <summary>The instalment parts due with this bill (Rules 354 п.72).</summary>
    public decimal InstalmentDue { get; init; }

    /// <summary>The penalties block: what each service's penalties of this period are (Σ = <see cref="Penalties"/>).</summary>
    public IReadOnlyList<BillPenalty> PenaltyLines { get; init; } = [];

    /// <summary>The instalment schedule from this bill's month on (the part of this month is due now).</summary>
    public IReadOnlyList<BillInstalmentPart> Instalments { get; init; } = [];

    /// <summary>Σ services' totals + opening balance − payments + penalties + instalment parts; never below zero on the QR code.</summary>
    public required decimal TotalDue { get; init; }
}

/// <param name="PayerCode">The premises' single payer code (ЕЛС), printed and put into the QR code as <c>PersAcc</c>.</param>
internal sealed record BillPayer(string FullName, string Address, string PayerCode, decimal Area, int Residents);

/// <param name="SettlementAccount">20 digits (<c>PersonalAcc</c> of the QR code).</param>
/// <param name="Bic">9 digits.</param>
/// <param name="CorrespondentAccount">20 digits.</param>
internal sealed record BillPayee(string Name, string Inn, string? Kpp, string BankName, string Bic, string CorrespondentAccount, string SettlementAccount, string? Contacts = null);

/// <summary>One service of the bill: the calculation per service of the form.</summary>
/// <param name="Service">"Электроснабжение"</param>
/// <param name="Supplier">The supplier (executor) of the service.</param>
/// <param name="Volume">Total volume charged, or null for a charge without volume.</param>
/// <param name="Unit">"кВт·ч", "м³", "Гкал".</param>
/// <param name="Tariff">The price(s) as printed: "6,43 ₽ (T1), 3,18 ₽ (T2)"; several after a change in the month.</param>
/// <param name="Basis">"по счётчику", "по среднему", "по нормативу".</param>
/// <param name="Charged">Charged for the period.</param>
/// <param name="Recalculation">Recalculations (reversals and new lines for earlier periods), ±.</param>
/// <param name="Total">Charged + recalculation.</param>
/// <param name="Lines">The explanation of each charge line ("152 кВт·ч × 6,43 ₽ (T1, с 01.10)").</param>
internal sealed record BillService(
    string Service,
    string AccountNumber,
    string Supplier,
    decimal? Volume,
    string Unit,
    string Tariff,
    string Basis,
    decimal Charged,
    decimal Recalculation,
    decimal Total,
    IReadOnlyList<string> Lines);

internal sealed record BillRecalculation(string Service, DateOnly ForPeriod, decimal Amount, string Reason);

internal sealed record BillMeterReading(string Service, string Serial, string Register, decimal? Opening, decimal? Closing, decimal? Volume);

/// <param name="Payee">The fund's own payee when the building has a special account; null: the regional operator's details are on the main payee.</param>
internal sealed record BillRepairFundBlock(BillPayee? Payee, decimal RatePerM2, decimal Area, decimal Charged, decimal Recalculation, decimal Penalties, decimal Total);

/// <summary>Penalties of one service in the bill's period (Housing Code art. 155 p.14).</summary>
internal sealed record BillPenalty(string Service, string AccountNumber, decimal Amount);

/// <summary>One month of an instalment schedule (Rules 354 п.72).</summary>
internal sealed record BillInstalmentPart(string Service, DateOnly Month, decimal Amount);
