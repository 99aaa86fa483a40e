namespace Utilities.Billing.Penalties;

/// <summary>
/// The terms of a penalty: no penalty for the first <see cref="GraceDays"/> days after the due date,
/// then 1/<see cref="Divisor"/> of the rate a day, and 1/<see cref="HigherDivisor"/> from day
/// <see cref="HigherFromDay"/> on (when set).
/// </summary>
public sealed record PenaltyTerms(int GraceDays, int? HigherFromDay, int Divisor = 300, int HigherDivisor = 130)
{
    /// <summary>Housing and utilities, Housing Code art. 155 p.14: days 31–90 at 1/300, from day 91 at 1/130.</summary>
    public static PenaltyTerms Housing { get; } = new(30, 91);

    /// <summary>Capital repair contributions, art. 155 p.14.1: 1/300 from the day after the due date, no grace, no 1/130 step.</summary>
    public static PenaltyTerms CapitalRepair { get; } = new(0, null);

    /// <summary>The divisor of the rate on the given day late (1 = the day after the due date); 0 when no penalty is due that day.</summary>
    public int DivisorOn(int dayLate) =>
        dayLate <= GraceDays ? 0 : HigherFromDay is { } higher && dayLate >= higher ? HigherDivisor : Divisor;
}

/// <summary>A change of a month's unpaid amount on a day (a payment −, a charge or correction +); it counts from the next day on.</summary>
public readonly record struct DebtChange(DateOnly Date, decimal Amount);

/// <summary>
/// Penalties on one month's unpaid amount (domain.md, "Payments, debts, penalties"): the amount
/// unpaid on each day × rate % / 100 / divisor of that day. The amount unpaid on a day counts the
/// changes dated before it, so the day of payment still bears the penalty ("paid 120 days late" is
/// 120 days). Exact sums are kept and rounded once, to kopecks half away from zero. One piece of
/// code for Billing and the Repair fund module.
/// </summary>
public static class PenaltyRule
{
    /// <summary>The rate used: the lower of the cap (ПП 474 / ПП 329: 9.5 % until 31.12.2026) and the key rate.</summary>
    public static decimal Rate(decimal capPercent, decimal keyRatePercent) => Math.Min(capPercent, keyRatePercent);

    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>An amount paid in one sum on <paramref name="paidOn"/>, at one rate: the worked example (5,000 ₽, 120 days, 9.5 % → 204.62 ₽).</summary>
    public static decimal ForPayment(PenaltyTerms terms, decimal amount, DateOnly dueDate, DateOnly paidOn, decimal ratePercent) =>
        paidOn <= dueDate ? 0m : Round(Accrue(terms, dueDate, amount, [new DebtChange(paidOn, -amount)], dueDate.AddDays(1), paidOn, _ => ratePercent));

    /// <summary>
    /// The exact (unrounded) penalty for the days <paramref name="from"/>..<paramref name="to"/>
    /// (inclusive) on a month's debt due on <paramref name="dueDate"/>. <paramref name="opening"/>
    /// is the amount unpaid before <paramref name="from"/>; <paramref name="changes"/> the changes
    /// dated <paramref name="from"/>..<paramref name="to"/>, in any order. The rate of a day is the
    /// one of the day the debt is paid off, when that happens by <paramref name="to"/>, else the one
    /// of <paramref name="to"/> (ПП 474: the rate on the day of payment).
    /// </summary>
    public static decimal Accrue(
        PenaltyTerms terms,
        DateOnly dueDate,
        decimal opening,
        IReadOnlyList<DebtChange> changes,
        DateOnly from,
        DateOnly to,
        Func<DateOnly, decimal> ratePercentOn)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(ratePercentOn);
        if (to < from)
            return 0m;
        var days = to.DayNumber - from.DayNumber + 1;
        var unpaid = new decimal[days];
        var byDay = new decimal[days];
        foreach (var change in changes)
        {
            if (change.Date >= from && change.Date <= to)
                byDay[change.Date.DayNumber - from.DayNumber] += change.Amount;
        }

        var running = opening;
        for (var i = 0; i < days; i++)
        {
            unpaid[i] = running;
            running += byDay[i];
        }

        // The rate of each day: that of the first later day (or the same) the debt is paid off on, else of the last day.
        var rates = new decimal[days];
        var rate = ratePercentOn(to);
        for (var i = days - 1; i >= 0; i--)
        {
            if (unpaid[i] + byDay[i] <= 0 && unpaid[i] > 0)
                rate = ratePercentOn(from.AddDays(i));
            rates[i] = rate;
        }

        var total = 0m;
        for (var i = 0; i < days; i++)
        {
            if (unpaid[i] <= 0)
                continue;
            var divisor = terms.DivisorOn(from.DayNumber + i - dueDate.DayNumber);
            if (divisor > 0)
                total += unpaid[i] * rates[i] / (100m * divisor);
        }

        return total;
    }
}
