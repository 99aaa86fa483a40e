namespace Utilities.Contracts.Generation;

/// <summary>The generated organisations, buildings and flats, before ids are given; accounts follow from the flats.</summary>
internal sealed class ScaleDataSet
{
    /// <summary>The services every flat has an account for, in account-number order, and the index of their supplier in <see cref="Organisations"/>.</summary>
    public static readonly (string Utility, int Supplier)[] Services =
    [
        ("electricity", 1), ("cold-water", 2), ("hot-water", 3), ("heating", 3),
    ];

    /// <summary>The first account number of the set: clear of the demo's 1000001…</summary>
    public const long FirstAccountNumber = 20_000_001;

    /// <summary>Every contract number of the set starts so (the office's contracts are <c>Д-…</c>).</summary>
    public const string ContractPrefix = "Г-";

    public required int Seed { get; init; }

    public required IReadOnlyList<GeneratedOrganisation> Organisations { get; init; }

    public required IReadOnlyList<GeneratedBuilding> Buildings { get; init; }

    public required GeneratedFlat[] Flats { get; init; }

    public long AccountCount => (long)Flats.Length * Services.Length;

    public static string AccountNumber(int flat, int service) =>
        (FirstAccountNumber + ((long)flat * Services.Length) + service).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string ContractNumber(int flat, DateOnly concluded) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ContractPrefix}{concluded.Year}/{flat + 1:D6}");
}

internal sealed record GeneratedOrganisation(
    string Kind, string Name, string Inn, string Kpp, string BankName, string Bic, string CorrespondentAccount, string SettlementAccount);

internal sealed record GeneratedBuilding(string Address, decimal TotalArea, int Floors, bool HasHeatMeter, int FirstFlat, int FlatCount);

/// <summary>A flat, its holder (the consumer with the contract, also its first owner) and a co-owner, if any.</summary>
internal sealed record GeneratedFlat(
    int Building,
    string Number,
    decimal Area,
    int Rooms,
    int Residents,
    string PayerCode,
    PersonName Holder,
    string? Email,
    string Phone,
    PersonName? CoOwner,
    DateOnly ConcludedOn,
    DateTimeOffset CreatedAt,
    bool Deemed);
