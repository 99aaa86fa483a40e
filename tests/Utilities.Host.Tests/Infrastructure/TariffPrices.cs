namespace Utilities.Host.Tests.Infrastructure;

/// <summary>Setting a new tariff price through the back office, as an accountant does.</summary>
public static class TariffPrices
{
    public const string Page = "/office/billing";
    public const string Post = "/office/billing?handler=Price";

    /// <summary>The demo's two-zone electricity tariff (T1 6,43 ₽ from 01.10.2026).</summary>
    public static Task<long> ZonedElectricityTariffAsync(TestDatabase db) =>
        db.ScalarAsync<long>("select id from billing.tariffs where utility = 'electricity' and name like '%зонам суток%'");

    public static DateOnly FirstOfNextMonth()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(1);
    }

    public static Dictionary<string, string> Fields(long tariffId, string component, string price, DateOnly validFrom) => new()
    {
        ["Price.Target"] = $"{tariffId}:{component}",
        ["Price.Price"] = price,
        ["Price.ValidFrom"] = validFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until)
                return value;
            await Task.Delay(100);
        }
    }
}
