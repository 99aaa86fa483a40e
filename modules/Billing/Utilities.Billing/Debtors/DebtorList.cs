using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Utilities.Billing.Data;
using Utilities.Contracts;

namespace Utilities.Billing.Debtors;

/// <summary>Aging of an overdue debt by the days its oldest unpaid month is past due.</summary>
internal enum AgingBucket
{
    Days1To30 = 1,
    Days31To90 = 2,
    Days91To180 = 3,
    Over180 = 4,
}

internal sealed record DebtorFilter(long? BuildingId, string? Utility, decimal MinAmount, AgingBucket? Bucket, int Page, int PageSize = 50);

internal sealed record DebtorRow(long AccountId, AccountSummary? Account, decimal Debt, decimal Penalties, int DaysPastDue, AgingBucket Bucket, IReadOnlyList<DebtWarningRow> Warnings);

internal sealed record DebtorPage(IReadOnlyList<DebtorRow> Rows, int Total, decimal TotalDebt);

/// <summary>
/// The debtors for operators: accounts with principal past its due date, the largest debt first,
/// with aging buckets, filters and paging in one query; the page's rows get their addresses from
/// Contracts and their open warnings in one read each.
/// </summary>
internal sealed class DebtorList(BillingDbContext db, IServiceProvider services)
{
    public static AgingBucket BucketOf(int days) => days switch
    {
        <= 30 => AgingBucket.Days1To30,
        <= 90 => AgingBucket.Days31To90,
        <= 180 => AgingBucket.Days91To180,
        _ => AgingBucket.Over180,
    };

    public async Task<DebtorPage> ListAsync(DebtorFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var directory = services.GetService(typeof(IAccountDirectory)) as IAccountDirectory;
        long[]? inBuilding = null;
        if (filter.BuildingId is { } building && directory is not null)
            inBuilding = (await directory.SearchAsync(null, building, 1_000_000, cancellationToken)).Select(a => a.Id).ToArray();
        var (minDays, maxDays) = filter.Bucket switch
        {
            AgingBucket.Days1To30 => (1, 30),
            AgingBucket.Days31To90 => (31, 90),
            AgingBucket.Days91To180 => (91, 180),
            AgingBucket.Over180 => (181, int.MaxValue),
            _ => (1, int.MaxValue),
        };

        var rows = new List<(long Account, decimal Debt, decimal Penalties, int Days)>();
        int total = 0;
        decimal totalDebt = 0;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("""
                with overdue as (
                    select d.account_id, sum(d.open) as debt, min(d.due_date) as oldest_due
                    from billing.debts d
                    where d.owing and d.due_date < @today
                      and (@accounts::bigint[] is null or d.account_id = any(@accounts))
                      and (@utility::text is null or exists (select 1 from billing.charge_lines c where c.account_id = d.account_id and c.utility = @utility))
                    group by d.account_id),
                filtered as (
                    select o.account_id, o.debt, (@today - o.oldest_due) as days from overdue o
                    where o.debt >= @min and (@today - o.oldest_due) between @minDays and @maxDays)
                select f.account_id, f.debt, coalesce(b.penalties, 0), f.days, count(*) over (), sum(f.debt) over ()
                from filtered f left join billing.account_balances b on b.account_id = f.account_id
                order by f.debt desc, f.account_id
                limit @size offset @offset
                """, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddWithValue("today", today);
            command.Parameters.Add(new NpgsqlParameter("accounts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = (object?)inBuilding ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("utility", NpgsqlDbType.Text) { Value = (object?)filter.Utility ?? DBNull.Value });
            command.Parameters.AddWithValue("min", filter.MinAmount);
            command.Parameters.AddWithValue("minDays", minDays);
            command.Parameters.AddWithValue("maxDays", maxDays);
            command.Parameters.AddWithValue("size", filter.PageSize);
            command.Parameters.AddWithValue("offset", Math.Max(0, filter.Page - 1) * filter.PageSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetInt32(3)));
                total = (int)reader.GetInt64(4);
                totalDebt = reader.GetDecimal(5);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (rows.Count == 0 && filter.Page > 1)
            return new DebtorPage([], await CountAsync(filter with { Page = 1 }, today, cancellationToken), 0);
        var ids = rows.Select(r => r.Account).ToList();
        var accounts = directory is null || ids.Count == 0 ? new Dictionary<long, AccountSummary>() : await directory.FindAsync(ids, cancellationToken);
        var warnings = (await db.DebtWarnings.AsNoTracking().Where(w => ids.Contains(w.AccountId) && w.ClearedOn == null)
            .OrderBy(w => w.IssuedOn).ToListAsync(cancellationToken)).ToLookup(w => w.AccountId);
        return new DebtorPage(
            rows.Select(r => new DebtorRow(r.Account, accounts.GetValueOrDefault(r.Account), r.Debt, r.Penalties, r.Days, BucketOf(r.Days), warnings[r.Account].ToList())).ToList(),
            total,
            totalDebt);
    }

    private async Task<int> CountAsync(DebtorFilter filter, DateOnly today, CancellationToken cancellationToken) =>
        (await ListAsync(filter with { PageSize = 1 }, today, cancellationToken)).Total;
}
