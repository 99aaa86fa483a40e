using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Billing.Ledger;

namespace Utilities.Benchmarks;

internal static class BenchDatabase
{
    /// <summary>A new empty database on the bench server; its name.</summary>
    public static async Task<string> CreateAsync(string server)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection($"{server};Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>A month (last month by default) charged on every account through the ledger's own writer (open debts to pay), then vacuum, analyze and a checkpoint.</summary>
    public static async Task ChargeLastMonthAsync(IServiceProvider services, NpgsqlDataSource data, DateOnly? charged = null)
    {
        var month = charged ?? new DateOnly(DateTime.Today.Year, DateTime.Today.Month, 1).AddMonths(-1);
        await using (var scope = services.CreateAsyncScope())
        {
            var billing = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
            await using var transaction = await billing.Database.BeginTransactionAsync();
            await LedgerWriter.PostFromAsync(billing, $"""
                select a.id, a.premises_id, a.supplier_id, date '{month:yyyy-MM-dd}', date '{month.AddMonths(1):yyyy-MM-dd}', 0::smallint, (200 + a.id % 1800)::numeric(14, 2),
                       null::bigint, null::bigint, null::bigint, null::text
                from contracts.personal_accounts a
                """, 15, DateTimeOffset.UtcNow, CancellationToken.None);
            await transaction.CommitAsync();
        }

        foreach (var sql in new[] { "vacuum analyze", "checkpoint" })
        {
            await using var command = data.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }
    }
}
