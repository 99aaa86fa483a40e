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

    /// <summary><c>gas</c> or <c>electric</c>: electricity norms differ (domain.md, "Norm-based charge").</summary>
    public string Stove { get; set; } = "gas";

    /// <summary><c>ownership</c> or <c>social-tenancy</c> (a social tenant owes no capital-repair contributions).</summary>
    public string Tenure { get; set; } = "ownership";

    /// <summary>The payer code (ЕЛС) used on the bill, its QR code and bank registries.</summary>
    public required string PayerCode { get; init; }
}

internal sealed class Consumer
{
    public long Id { get; init; }

    public required string FullName { get; set; }

    /// <summary>Lower-case, as typed otherwise.</summary>
    public string? Email { get; set; }

    /// <summary>E.164, e.g. <c>+79161234567</c>.</summary>
    public string? Phone { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
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

    public string? TerminationReason { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    /// <summary>The key of the conclude form that created it: a double submit finds this contract instead of making a second.</summary>
    public Guid? IdempotencyKey { get; init; }
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

    /// <summary>Printed on the contract and every bill: with the number it proves one holds the account.</summary>
    public required string AttachCode { get; set; }
}

internal sealed class PremisesOwner
{
    public long Id { get; init; }

    public long PremisesId { get; init; }

    public required string FullName { get; set; }

    /// <summary>The share of ownership as written in the register, e.g. <c>1/2</c>; null for sole ownership.</summary>
    public string? Share { get; set; }
}

/// <summary>A change of a consumer's e-mail or phone: who changed what, when, from which channel.</summary>
internal sealed class ContactChange
{
    public long Id { get; init; }

    public long ConsumerId { get; init; }

    /// <summary><c>email</c> or <c>phone</c>.</summary>
    public required string Kind { get; init; }

    public string? OldValue { get; init; }

    public string? NewValue { get; init; }

    public DateTimeOffset ChangedAt { get; init; }

    /// <summary><c>staff:login</c> for an operator, <c>consumer</c> for the consumer in the cabinet.</summary>
    public required string ChangedBy { get; init; }
}

/// <summary>A consumer's credentials for the cabinet (password) and the kiosk (PIN).</summary>
internal sealed class ConsumerLogin
{
    public long ConsumerId { get; init; }

    public string? PasswordHash { get; set; }

    public string? KioskPinHash { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Changes with the password: sessions signed in before are no longer valid.</summary>
    public Guid SecurityStamp { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A one-time code (activation, password reset, contact confirmation, kiosk sign-in), stored hashed.</summary>
internal sealed class OneTimeCode
{
    public long Id { get; init; }

    public required string Purpose { get; init; }

    public long ConsumerId { get; init; }

    /// <summary><c>email</c>, <c>sms</c> or <c>printed</c> (on the contract or a bill).</summary>
    public required string Channel { get; init; }

    /// <summary>Where it went (the address or number, or the new contact being confirmed).</summary>
    public string? Target { get; init; }

    public required string CodeHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }

    public int Attempts { get; set; }
}

/// <summary>Someone else's account attached to a consumer's cabinet by its number and attach code.</summary>
internal sealed class CabinetAttachment
{
    public long Id { get; init; }

    public long ConsumerId { get; init; }

    public long AccountId { get; init; }

    public DateTimeOffset AttachedAt { get; init; }

    public DateTimeOffset? DetachedAt { get; set; }

    /// <summary><c>consumer</c>, <c>holder</c> (the contract holder revoked it) or <c>operator</c>.</summary>
    public string? DetachedBy { get; set; }
}

/// <summary>A kiosk terminal in the centre's office; its browser holds the device cookie.</summary>
internal sealed class KioskTerminal
{
    public long Id { get; init; }

    public required string Name { get; set; }

    public required string TokenHash { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public required string RegisteredBy { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }
}
