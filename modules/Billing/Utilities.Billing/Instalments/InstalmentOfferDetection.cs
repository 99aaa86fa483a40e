using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Billing.Ledger;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Instalments;

/// <summary>
/// Rules 354 п.72: an account whose own charge of the period (its charge lines for the period,
/// recalculations of other months left out) is more than <see cref="BillingSettings.InstalmentIncreasePercent"/>
/// above the same month a year earlier gets an instalment offer. One INSERT … SELECT over the two
/// periods' lines; a re-run replaces the offers not yet accepted.
/// </summary>
internal sealed class InstalmentOfferDetection(ISettings settings, IClock clock) : IRunLedgerStep
{
    public int Order => 20;

    public async Task ExecuteAsync(BillingDbContext db, BillingRun run, CancellationToken cancellationToken)
    {
        var increase = await settings.GetAsync(BillingSettings.InstalmentIncreasePercent, run.Period, cancellationToken);
        var factor = 1m + (increase / 100m);
        await db.Database.ExecuteSqlRawAsync(
            "delete from billing.instalment_offers where period = @period and state = 'offered'",
            [new NpgsqlParameter("period", run.Period)], cancellationToken);
        await db.Database.ExecuteSqlRawAsync(string.Create(CultureInfo.InvariantCulture, $"""
            insert into billing.instalment_offers (account_id, premises_id, supplier_id, period, charged, last_year, run_id, state, created_at)
            select n.account_id, n.premises_id, n.supplier_id, @period, n.amount, y.amount, @run, 'offered', @now
            from (select account_id, min(premises_id) as premises_id, min(supplier_id) as supplier_id, sum(amount) as amount
                  from billing.charge_lines where period = @period and for_period = @period and kind = {(short)ChargeKind.Charge} group by account_id) n
            join (select account_id, sum(amount) as amount
                  from billing.charge_lines where period = @lastYear and for_period = @lastYear and kind = {(short)ChargeKind.Charge} group by account_id) y
              on y.account_id = n.account_id
            where y.amount > 0 and n.amount > y.amount * @factor
            on conflict (account_id, period) do nothing
            """),
            [
                new NpgsqlParameter("period", run.Period),
                new NpgsqlParameter("lastYear", run.Period.AddYears(-1)),
                new NpgsqlParameter("run", run.Id),
                new NpgsqlParameter("now", clock.Now),
                new NpgsqlParameter("factor", factor),
            ],
            cancellationToken);
    }
}
