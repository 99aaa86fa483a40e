namespace Utilities.Host.Tests.Infrastructure;

/// <summary>
/// The ledger's invariant (issue 7): Σ entries of each account = its balance (and advance and
/// penalties), and Σ principal entries of each month = that month's open debt. Checked after every
/// scenario that writes the ledger.
/// </summary>
internal static class LedgerInvariant
{
    public static async Task AssertHoldsAsync(TestDatabase db)
    {
        foreach (var (_, sql) in FaultChecks.LedgerInvariant)
            Assert.Empty(await db.ColumnAsync(sql));
    }
}
