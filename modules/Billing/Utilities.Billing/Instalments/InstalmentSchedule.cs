namespace Utilities.Billing.Instalments;

/// <summary>One month of an instalment: the part of the amount deferred and the interest on what was still owed.</summary>
internal sealed record InstalmentPart(DateOnly Month, decimal Principal, decimal Interest)
{
    public decimal Amount => Principal + Interest;
}

/// <summary>
/// The schedule of an instalment (Rules 354 п.72, п.75): equal parts rounded to kopecks, the last
/// takes the remainder; interest a month on the amount still deferred at the yearly rate / 12,
/// rounded to kopecks half away from zero. Pure.
/// </summary>
internal static class InstalmentSchedule
{
    public static IReadOnlyList<InstalmentPart> Build(decimal amount, int months, decimal interestPercent, DateOnly firstMonth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        var part = Math.Round(amount / months, 2, MidpointRounding.AwayFromZero);
        var parts = new List<InstalmentPart>(months);
        var left = amount;
        for (var i = 0; i < months; i++)
        {
            var principal = i == months - 1 ? left : Math.Min(part, left);
            var interest = Math.Round(left * interestPercent / 100m / 12m, 2, MidpointRounding.AwayFromZero);
            parts.Add(new InstalmentPart(firstMonth.AddMonths(i), principal, interest));
            left -= principal;
        }

        return parts;
    }
}
