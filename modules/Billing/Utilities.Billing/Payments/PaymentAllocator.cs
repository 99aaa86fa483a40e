namespace Utilities.Billing.Payments;

/// <summary>A month's principal still unpaid on one account (or, with <see cref="RepairFund"/>, the premises' repair-fund contribution).</summary>
internal sealed record OpenItem(long AccountId, long SupplierId, DateOnly Period, decimal Open, bool RepairFund = false);

/// <summary>Penalties still unpaid on one account.</summary>
internal sealed record OpenPenalty(long AccountId, long SupplierId, decimal Open);

/// <summary>How an advance (what is left after every debt) is spread over the accounts: by weight, e.g. the latest month's charge.</summary>
internal sealed record AdvanceShare(long AccountId, long SupplierId, decimal Weight);

internal enum AllocationKind
{
    Principal,
    RepairFund,
    Penalty,
    Advance,
}

/// <param name="Period">The month paid (null for penalties and the advance).</param>
internal sealed record Allocation(AllocationKind Kind, long AccountId, long SupplierId, DateOnly? Period, decimal Amount);

internal enum AllocationOrder
{
    OldestFirst,
    NewestFirst,
}

/// <summary>
/// Splits one payment (domain.md, "Payments, debts, penalties"): first the month named on it, then
/// the other months oldest first (or newest first, a setting); inside a month pro rata across its
/// services and its repair-fund contribution, to the kopeck by largest remainder; then penalties;
/// what is left is an advance spread over the accounts by their weights. Pure: no database.
/// </summary>
internal static class PaymentAllocator
{
    public static IReadOnlyList<Allocation> Allocate(
        decimal amount,
        DateOnly? namedPeriod,
        AllocationOrder order,
        IReadOnlyList<OpenItem> open,
        IReadOnlyList<OpenPenalty> penalties,
        IReadOnlyList<AdvanceShare> advance)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var left = amount;
        var result = new List<Allocation>();
        var months = open.Where(o => o.Open > 0).GroupBy(o => o.Period);
        var ordered = (order == AllocationOrder.OldestFirst ? months.OrderBy(m => m.Key) : months.OrderByDescending(m => m.Key))
            .OrderBy(m => namedPeriod is { } named && m.Key == named ? 0 : 1);
        foreach (var month in ordered)
        {
            if (left == 0)
                break;
            var items = month.ToList();
            var due = items.Sum(i => i.Open);
            var paid = Math.Min(left, due);
            var shares = Split(paid, items.Select(i => i.Open).ToList());
            for (var i = 0; i < items.Count; i++)
            {
                if (shares[i] != 0)
                    result.Add(new Allocation(items[i].RepairFund ? AllocationKind.RepairFund : AllocationKind.Principal, items[i].AccountId, items[i].SupplierId, month.Key, shares[i]));
            }

            left -= paid;
        }

        var owed = penalties.Where(p => p.Open > 0).ToList();
        if (left > 0 && owed.Count > 0)
        {
            var paid = Math.Min(left, owed.Sum(p => p.Open));
            var shares = Split(paid, owed.Select(p => p.Open).ToList());
            for (var i = 0; i < owed.Count; i++)
            {
                if (shares[i] != 0)
                    result.Add(new Allocation(AllocationKind.Penalty, owed[i].AccountId, owed[i].SupplierId, null, shares[i]));
            }

            left -= paid;
        }

        if (left > 0 && advance.Count > 0)
        {
            var weights = advance.Select(a => Math.Max(0, a.Weight)).ToList();
            if (weights.Sum() == 0)
                weights = [1, .. Enumerable.Repeat(0m, advance.Count - 1)];
            var shares = Split(left, weights);
            for (var i = 0; i < advance.Count; i++)
            {
                if (shares[i] != 0)
                    result.Add(new Allocation(AllocationKind.Advance, advance[i].AccountId, advance[i].SupplierId, null, shares[i]));
            }
        }

        return result;
    }

    /// <summary>Splits <paramref name="amount"/> (kopecks) in proportion to <paramref name="weights"/>; the kopecks lost to rounding down go to the largest remainders, ties to the first.</summary>
    internal static decimal[] Split(decimal amount, IReadOnlyList<decimal> weights)
    {
        var total = weights.Sum();
        var shares = new decimal[weights.Count];
        if (total <= 0 || weights.Count == 0)
            return shares;
        var remainders = new decimal[weights.Count];
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = amount * weights[i] / total;
            shares[i] = Math.Floor(exact * 100) / 100;
            remainders[i] = exact - shares[i];
        }

        var kopecks = (int)Math.Round((amount - shares.Sum()) * 100);
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(kopecks))
            shares[i] += 0.01m;
        return shares;
    }
}
