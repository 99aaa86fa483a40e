using Utilities.Billing.Runs;
using Utilities.Contracts;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Debtors;

/// <summary>
/// An account's monthly charge by the norm (no volumes, no raising coefficient) with the period's
/// tariffs and norms, through the utility's own formula: the measure of the restriction rule
/// ("debt over 2 monthly norm-based charges", Rules 354 п.117).
/// </summary>
internal static class NormCharge
{
    public static decimal? Monthly(PeriodContext context, AccountFacts account)
    {
        if (context.Formula(account.Utility) is not { } formula)
            return null;
        var shape = formula.ChooseShape([], context.Tariffs.ShapesInForce(account.Utility, account.SupplierId));
        if (shape is null || context.Tariffs.Prices(account.Utility, account.SupplierId, shape, context.Period, context.PeriodEnd) is not { } tariff)
            return null;
        var premises = context.Premises(account);
        var result = formula.Compute(new ChargeRequest
        {
            Period = context.Period,
            From = context.Period,
            To = context.PeriodEnd,
            Shape = shape,
            Prices = tariff.Segments,
            Volumes = [],
            Premises = premises,
            Norm = context.Norms.Find(account.Utility, formula.NormKey(premises)),
            BuildingVolume = context.BuildingVolumes.TryGetValue((account.BuildingId, account.Utility), out var building) ? building : null,
            Rules = context.Rules,
        });
        return result.Problem is null ? result.Lines.Sum(l => l.Amount) : null;
    }
}
