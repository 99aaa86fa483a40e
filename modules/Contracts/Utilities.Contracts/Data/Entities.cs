namespace Utilities.Contracts.Data;

internal sealed class Organisation
{
    public long Id { get; init; }

    /// <summary><c>centre</c>, <c>supplier</c> or <c>regional-operator</c>.</summary>
    public required string Kind { get; init; }

    public required string Name { get; set; }

    public required string Inn { get; set; }

    public string? Kpp { get; set; }

    public required string BankName { get; set; }

    public required string Bic { get; set; }

    public required string CorrespondentAccount { get; set; }

    public required string SettlementAccount { get; set; }
}

internal sealed class Building
{
    public long Id { get; init; }

    public required string Address { get; set; }

    public decimal TotalArea { get; set; }

    public int Floors { get; set; }

    public bool HasHeatMeter { get; set; }
}

internal sealed class Premises
{
    public long Id { get; init; }

    public long BuildingId { get; init; }

    public required string Number { get; set; }

    public decimal Area { get; set; }

    public int Rooms { get; set; }

    public int Residents { get; set; }

    /// <summary>The payer code (ЕЛС) used on the bill, its QR code and bank registries.</summary>
    public required string PayerCode { get; init; }
}

internal sealed class Consumer
{
    public long Id { get; init; }

    public required string FullName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}

internal sealed class Contract
{
    public long Id { get; init; }

    public required string Number { get; init; }

    public long ConsumerId { get; init; }

    public long PremisesId { get; init; }

    public DateOnly ConcludedOn { get; init; }

    public DateOnly? TerminatedOn { get; set; }

    /// <summary>True when the contract exists in law by consumption and was registered, not signed.</summary>
    public bool Deemed { get; init; }
}

internal sealed class PersonalAccount
{
    public long Id { get; init; }

    public required string Number { get; init; }

    public long ContractId { get; init; }

    public long PremisesId { get; init; }

    public required string Utility { get; init; }

    public long SupplierId { get; set; }

    public DateOnly OpenedOn { get; init; }

    public DateOnly? ClosedOn { get; set; }
}
