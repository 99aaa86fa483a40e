using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.RepairFund;

namespace Utilities.Billing.Payments;

/// <summary>
/// What premises owe, read once for a batch of payments (open months per account, penalties,
/// repair-fund dues, the weights an advance is spread by) and kept current as each payment of
/// the batch is allocated, so the next one sees what the earlier ones left.
/// </summary>
internal sealed class PremisesState
{
    private readonly Dictionary<long, List<OpenItem>> open = [];
    private readonly Dictionary<long, List<OpenPenalty>> penalties = [];
    private readonly Dictionary<long, List<AdvanceShare>> weights = [];

    public static async Task<PremisesState> LoadAsync(
        BillingDbContext db, IPaymentReferences references, IRepairFundDues? repairFund, long[] premisesIds,
        IEnumerable<(long PremisesId, long AccountId, long SupplierId, decimal Penalties)> penalties, CancellationToken cancellationToken)
    {
        var state = new PremisesState();
        var accountsOf = await references.AccountsOfPremisesAsync(premisesIds, cancellationToken);
        var accountIds = accountsOf.Values.SelectMany(a => a).Select(a => a.AccountId).ToArray();
        var charged = new Dictionary<long, decimal>(accountIds.Length);
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // One round trip: the owing months (partial index on owing), and each account's latest month's charge (the
            // weights an advance is spread by; one row per account by the primary key, not every month read back).
            await using var batch = new Npgsql.NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new Npgsql.NpgsqlBatchCommand("select premises_id, account_id, supplier_id, for_period, open from billing.debts where premises_id = any($1) and owing")
                        { Parameters = { new Npgsql.NpgsqlParameter { Value = premisesIds } } },
                    new Npgsql.NpgsqlBatchCommand("""
                        select a.id, d.charged from unnest($1::bigint[]) a(id)
                        cross join lateral (select charged from billing.debts where account_id = a.id order by for_period desc limit 1) d
                        """) { Parameters = { new Npgsql.NpgsqlParameter { Value = accountIds } } },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                state.OpenOf(reader.GetInt64(0)).Add(new OpenItem(reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<DateOnly>(3), reader.GetDecimal(4)));
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                charged[reader.GetInt64(0)] = reader.GetDecimal(1);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (repairFund is not null)
        {
            foreach (var (premisesId, dues) in await repairFund.OpenDuesAsync(premisesIds, cancellationToken))
                state.OpenOf(premisesId).AddRange(dues.Where(d => d.Open > 0).Select(d => new OpenItem(0, 0, new DateOnly(d.Period.Year, d.Period.Month, 1), d.Open, RepairFund: true)));
        }

        // The penalties owed come with the lock of the premises' balances (the caller read them).
        foreach (var b in penalties.Where(b => b.Penalties > 0))
            state.PenaltiesOf(b.PremisesId).Add(new OpenPenalty(b.AccountId, b.SupplierId, b.Penalties));

        foreach (var (premisesId, accounts) in accountsOf)
        {
            // Open accounts first: with no charges yet, the first open account takes the advance.
            foreach (var a in accounts.OrderBy(a => a.ClosedOn is null ? 0 : 1).ThenBy(a => a.AccountId))
                state.WeightsOf(premisesId).Add(new AdvanceShare(a.AccountId, a.SupplierId, a.ClosedOn is null ? charged.GetValueOrDefault(a.AccountId) : 0));
        }

        return state;
    }

    /// <summary>Allocates a payment for the premises (or only its account, when the reference names one) and takes it off the state.</summary>
    public IReadOnlyList<Allocation> Allocate(PaymentReference target, decimal amount, DateOnly? period, AllocationOrder order)
    {
        var items = OpenOf(target.PremisesId);
        var owed = PenaltiesOf(target.PremisesId);
        var spread = WeightsOf(target.PremisesId);
        if (target.AccountId is { } accountId)
        {
            items = items.Where(i => i.AccountId == accountId && !i.RepairFund).ToList();
            owed = owed.Where(p => p.AccountId == accountId).ToList();
            spread = spread.Where(s => s.AccountId == accountId).DefaultIfEmpty(new AdvanceShare(accountId, SupplierOf(target.PremisesId, accountId), 1)).ToList();
        }

        var allocations = PaymentAllocator.Allocate(amount, period, order, items, owed, spread);
        foreach (var a in allocations)
        {
            switch (a.Kind)
            {
                case AllocationKind.Principal or AllocationKind.RepairFund:
                    Reduce(OpenOf(target.PremisesId), i => i.Period == a.Period && i.AccountId == a.AccountId && i.RepairFund == (a.Kind == AllocationKind.RepairFund), i => i with { Open = i.Open - a.Amount });
                    break;
                case AllocationKind.Penalty:
                    Reduce(PenaltiesOf(target.PremisesId), p => p.AccountId == a.AccountId, p => p with { Open = p.Open - a.Amount });
                    break;
            }
        }

        return allocations;
    }

    private long SupplierOf(long premisesId, long accountId) =>
        WeightsOf(premisesId).FirstOrDefault(w => w.AccountId == accountId)?.SupplierId
        ?? OpenOf(premisesId).FirstOrDefault(i => i.AccountId == accountId)?.SupplierId
        ?? 0;

    private static void Reduce<T>(List<T> list, Func<T, bool> match, Func<T, T> change)
    {
        var at = list.FindIndex(x => match(x));
        if (at >= 0)
            list[at] = change(list[at]);
    }

    private List<OpenItem> OpenOf(long premisesId) => Get(open, premisesId);

    private List<OpenPenalty> PenaltiesOf(long premisesId) => Get(penalties, premisesId);

    private List<AdvanceShare> WeightsOf(long premisesId) => Get(weights, premisesId);

    private static List<T> Get<T>(Dictionary<long, List<T>> map, long key)
    {
        if (!map.TryGetValue(key, out var list))
            map[key] = list = [];
        return list;
    }
}
