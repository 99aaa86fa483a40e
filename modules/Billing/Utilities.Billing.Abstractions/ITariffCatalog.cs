namespace Utilities.Billing;

/// <summary>Tariffs in force, for other modules (announcing tariff changes, the cabinet's expected bill).</summary>
public interface ITariffCatalog
{
    /// <summary>Each tariff's price components in force on a date.</summary>
    Task<IReadOnlyList<TariffPrice>> InForceAsync(DateOnly onDate, CancellationToken cancellationToken);
}

/// <param name="Component">A register or component: <c>T</c>, <c>T1</c>, <c>T2</c>, <c>cold</c>, <c>heat</c>.</param>
public sealed record TariffPrice(long TariffId, string Utility, long SupplierId, string Component, decimal Price, string Unit, DateOnly ValidFrom);
