using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Bills;

/// <summary>A price of a tariff component from a date (in force now, or scheduled).</summary>
internal sealed record OutlookPrice(string Tariff, string Component, decimal Price, string Unit, DateOnly ValidFrom, string? Shape = null);

/// <param name="Expected">The forecast amount of the next month's charge, or null when there is no history to forecast from.</param>
/// <param name="ExpectedLower">The amount at the lower end of the forecast's 80 % interval (same prices).</param>
/// <param name="ExpectedUpper">The amount at the upper end of the forecast's 80 % interval.</param>
internal sealed record AccountOutlook(
    AccountSummary Account,
    string Service,
    IReadOnlyList<OutlookPrice> InForce,
    IReadOnlyList<OutlookPrice> Scheduled,
    DateOnly ExpectedPeriod,
    decimal? ExpectedVolume,
    string Unit,
    decimal? Expected,
    decimal? ExpectedLower = null,
    decimal? ExpectedUpper = null);

/// <summary>
/// What a consumer can expect on each account: the tariff prices in force today, the changes
/// already scheduled, and an estimate of the next charge — the plugin's forecast of consumption
/// from the monthly history, priced at today's price. An estimate for the consumer, never a charge.
/// </summary>
internal sealed class BillOutlook(BillingDbContext db, IClock clock, ISettings settings, IEnumerable<IUtilityPlugin> plugins, IServiceProvider services)
{
    public const int HistoryMonths = 24;

    public async Task<IReadOnlyList<AccountOutlook>> ForAsync(IReadOnlyList<AccountSummary> accounts, DateOnly billPeriod, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var month = new DateOnly(today.Year, today.Month, 1);
        var consumption = services.GetService<IConsumptionQuery>();
        var byCode = plugins.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var heatNorm = await settings.GetAsync(BillingSettings.HotWaterHeatNorm, today, cancellationToken);
        var result = new List<AccountOutlook>();
        foreach (var account in accounts.Where(a => a.ClosedOn is null || a.ClosedOn >= billPeriod).OrderBy(a => a.Utility, StringComparer.Ordinal))
        {
            var tariffs = await TariffsAsync(account, billPeriod, today, cancellationToken);
            var versions = tariffs.SelectMany(t => t.Versions.Select(v => new OutlookPrice(t.Name, v.Component, v.Price, v.Unit, v.ValidFrom, t.Formula))).ToList();
            var inForce = versions.Where(v => v.ValidFrom <= today).GroupBy(v => (v.Tariff, v.Component)).Select(g => g.MaxBy(v => v.ValidFrom)!)
                .OrderBy(v => v.Component, StringComparer.Ordinal).ToList();
            var scheduled = versions.Where(v => v.ValidFrom > today).OrderBy(v => v.ValidFrom).ThenBy(v => v.Component, StringComparer.Ordinal).ToList();
            var plugin = byCode.GetValueOrDefault(account.Utility);
            var estimate = plugin is null || consumption is null
                ? new Estimate(null, null, null, null)
                : await ForecastAsync(account, plugin, consumption, inForce, heatNorm, month, cancellationToken);
            result.Add(new AccountOutlook(account, plugin?.DisplayName.In(System.Globalization.CultureInfo.CurrentUICulture) ?? account.Utility, inForce, scheduled, month, estimate.Volume,
                plugin?.Unit.Symbol.In(System.Globalization.CultureInfo.CurrentUICulture) ?? string.Empty, estimate.Amount, estimate.Lower, estimate.Upper));
        }

        return result;
    }

    /// <summary>
    /// The tariffs the account was charged on in the bill's period, else the tariffs of its utility
    /// (of its supplier, when the cabinet's view names it) in force today.
    /// </summary>
    private async Task<List<Tariff>> TariffsAsync(AccountSummary account, DateOnly billPeriod, DateOnly today, CancellationToken cancellationToken)
    {
        var charged = await db.ChargeLines.Where(l => l.Period == billPeriod && l.AccountId == account.Id && l.TariffId != null)
            .Select(l => l.TariffId!.Value).Distinct().ToListAsync(cancellationToken);
        var query = db.Tariffs.AsNoTracking().Include(t => t.Versions);
        return charged.Count > 0
            ? await query.Where(t => charged.Contains(t.Id)).ToListAsync(cancellationToken)
            : await query.Where(t => t.Utility == account.Utility && (account.SupplierId == 0 || t.SupplierId == account.SupplierId) && t.ValidFrom <= today
                                     && (t.ValidTo == null || t.ValidTo >= today)).ToListAsync(cancellationToken);
    }

    private sealed record Estimate(decimal? Volume, decimal? Amount, decimal? Lower, decimal? Upper);

    /// <summary>Per register: the forecast volume of <paramref name="month"/> and its 80 % interval, priced at the component of that register (or the only one).</summary>
    private static async Task<Estimate> ForecastAsync(
        AccountSummary account, IUtilityPlugin plugin, IConsumptionQuery consumption, IReadOnlyList<OutlookPrice> prices, decimal heatNorm, DateOnly month, CancellationToken cancellationToken)
    {
        var rows = await consumption.MonthlyAsync(ConsumptionOwner.Account(account.Id), month.AddMonths(-HistoryMonths), month.AddMonths(-1), cancellationToken);
        decimal? volume = null, amount = null, lower = null, upper = null;
        foreach (var register in rows.Where(r => r.State == ConsumptionState.Measured && r.Volume is not null).GroupBy(r => r.Register, StringComparer.Ordinal))
        {
            var history = register.GroupBy(r => r.Period).Select(g => new MonthlyConsumption(g.Key, g.Sum(r => r.Volume!.Value))).ToList();
            var last = history.Max(h => h.Month);
            var ahead = ((month.Year - last.Year) * 12) + month.Month - last.Month;
            var forecast = plugin.Forecaster.ForecastMonths(new ForecastHistory { Monthly = history }, Math.Max(1, ahead));
            if (forecast.Count == 0)
                continue;
            var expected = Math.Max(0m, forecast[^1].Volume);
            if (UnitPrice(prices, register.Key, heatNorm) is not { } price)
                continue;
            volume = (volume ?? 0m) + expected;
            amount = (amount ?? 0m) + Math.Round(expected * price, 2, MidpointRounding.AwayFromZero);
            lower = (lower ?? 0m) + Math.Round(Math.Max(0m, forecast[^1].Lower) * price, 2, MidpointRounding.AwayFromZero);
            upper = (upper ?? 0m) + Math.Round(Math.Max(expected, forecast[^1].Upper) * price, 2, MidpointRounding.AwayFromZero);
        }

        return new Estimate(volume, amount, lower, upper);
    }

    /// <summary>
    /// The price of one unit of a register: its own component, the only component, or for two-component
    /// hot water the cold-water price + the heat price × the heat norm per m³; null when none fits.
    /// </summary>
    private static decimal? UnitPrice(IReadOnlyList<OutlookPrice> prices, string register, decimal heatNorm)
    {
        if (prices.FirstOrDefault(p => p.Component == register) is { } own)
            return own.Price;
        if (prices.Count == 1)
            return prices[0].Price;
        var cold = prices.FirstOrDefault(p => p.Component == "cold");
        var heat = prices.FirstOrDefault(p => p.Component == "heat");
        return cold is not null && heat is not null && prices.Count == 2 ? cold.Price + (heat.Price * heatNorm) : null;
    }
}
