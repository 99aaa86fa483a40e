namespace Utilities.RepairFund;

/// <summary>
/// Charges a month's capital-repair contributions of every premises (area × share × the regional
/// rate per m², prorated by days of each rate, from the building's obligation start, without
/// exempt premises and buildings), recalculates the months before it, applies advances and accrues
/// penalties (art. 155 p.14.1). Called by the billing run before it composes the bills; running a
/// period again replaces what it posted before.
/// </summary>
public interface IRepairFundCharging
{
    Task<RepairFundChargeResult> ChargeAsync(DateOnly period, CancellationToken cancellationToken);
}

public sealed record RepairFundChargeResult(DateOnly Period, int Premises, decimal Charged, decimal Recalculated, decimal Penalties);
