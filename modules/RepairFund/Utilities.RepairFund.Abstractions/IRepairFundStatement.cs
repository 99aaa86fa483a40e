namespace Utilities.RepairFund;

/// <summary>The repair-fund block of the bills of a period, for a chunk of premises in one read (Billing's bill composition).</summary>
public interface IRepairFundStatement
{
    /// <summary>The block of each premises with contributions on its account; premises with none are left out.</summary>
    Task<IReadOnlyDictionary<long, RepairFundBillBlock>> BlocksAsync(DateOnly period, IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken);
}

/// <param name="Rate">The rate per m² in force at the period's end (the last one charged).</param>
/// <param name="Charged">Contributions of the period.</param>
/// <param name="Recalculation">Recalculations of earlier months posted in the period, ±.</param>
/// <param name="Penalties">Penalties accrued in the period (art. 155 p.14.1).</param>
/// <param name="Due">All the premises owes the fund after the period (earlier debt and penalties included), never below zero.</param>
/// <param name="Payee">The building's special account; null: the regional operator's pot, paid with the bill.</param>
public sealed record RepairFundBillBlock(decimal Rate, decimal Area, decimal Charged, decimal Recalculation, decimal Penalties, decimal Due, RepairFundPayee? Payee);

public sealed record RepairFundPayee(string Name, string Inn, string? Kpp, string BankName, string Bic, string CorrespondentAccount, string SettlementAccount);
