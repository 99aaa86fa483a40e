using Microsoft.OData.ModelBuilder;
using Utilities.Platform.Api;

namespace Utilities.Contracts.OData;

/// <summary>
/// What integrators see of this module. Consumers (names, phones, e-mail) are personal data and
/// are not published; accounts, premises and contracts refer to them by nothing but their own ids.
/// </summary>
internal static class ContractsODataModel
{
    public const string Namespace = "Utilities.Contracts";

    public static void Add(ODataConventionModelBuilder builder)
    {
        builder.AddEntitySet<OrganisationRecord>(Namespace, "Organisations", "Organisation");
        builder.AddEntitySet<BuildingRecord>(Namespace, "Buildings", "Building");
        builder.AddEntitySet<PremisesRecord>(Namespace, "Premises", "Premises");
        builder.AddEntitySet<ContractRecord>(Namespace, "Contracts", "Contract");
        builder.AddEntitySet<AccountRecord>(Namespace, "Accounts", "Account");
    }
}

internal sealed class OrganisationRecord
{
    public long Id { get; init; }

    /// <summary><c>centre</c>, <c>supplier</c> or <c>regional-operator</c>.</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Inn { get; init; }

    public string? Kpp { get; init; }
}

internal sealed class BuildingRecord
{
    public long Id { get; init; }

    public required string Address { get; init; }

    public decimal TotalArea { get; init; }

    public int Floors { get; init; }

    public bool HasHeatMeter { get; init; }
}

internal sealed class PremisesRecord
{
    public long Id { get; init; }

    public long BuildingId { get; init; }

    public required string Number { get; init; }

    public decimal Area { get; init; }

    public int Rooms { get; init; }

    public int Residents { get; init; }

    public required string PayerCode { get; init; }
}

internal sealed class ContractRecord
{
    public long Id { get; init; }

    public required string Number { get; init; }

    public long PremisesId { get; init; }

    public DateOnly ConcludedOn { get; init; }

    public DateOnly? TerminatedOn { get; init; }

    public bool Deemed { get; init; }
}

internal sealed class AccountRecord
{
    public long Id { get; init; }

    public required string Number { get; init; }

    public long ContractId { get; init; }

    public long PremisesId { get; init; }

    public required string Utility { get; init; }

    public long SupplierId { get; init; }

    public DateOnly OpenedOn { get; init; }

    public DateOnly? ClosedOn { get; init; }
}
