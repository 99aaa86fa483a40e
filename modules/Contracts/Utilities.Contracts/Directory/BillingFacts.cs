using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Directory;

internal sealed class BillingFacts(ContractsDbContext db) : IBillingFacts
{
    private const string FactsSelect = """
        select a.id, a.number, a.utility, a.supplier_id, a.premises_id, p.building_id, a.opened_on, a.closed_on,
               p.area, p.residents, p.rooms, p.stove, b.total_area, b.has_heat_meter
        from contracts.personal_accounts a
        join contracts.premises p on p.id = a.premises_id
        join contracts.buildings b on b.id = p.building_id
        """;

    public async IAsyncEnumerable<AccountFacts> StreamAccountsAsync(
        DateOnly from, DateOnly to, long afterAccountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // EF opens the connection unless it is open already and closes only what it opened.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                FactsSelect + " where a.id > @after and a.opened_on <= @to and (a.closed_on is null or a.closed_on >= @from) order by a.id",
                (NpgsqlConnection)db.Database.GetDbConnection()) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("after", afterAccountId);
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", to);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                yield return Read(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public Task<int> CountAccountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        db.Accounts.CountAsync(a => a.OpenedOn <= to && (a.ClosedOn == null || a.ClosedOn >= from), cancellationToken);

    public async Task<IReadOnlyList<AccountFacts>> AccountsAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken)
    {
        var result = new List<AccountFacts>(accountIds.Count);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(FactsSelect + " where a.id = any(@ids) order by a.id", (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddWithValue("ids", accountIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result.Add(Read(reader));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<long, PremisesPayer>> PayersAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken)
    {
        var ids = premisesIds.ToArray();
        // The holder of the premises' latest contract pays; an address reads "building, кв. N".
        var rows = await (
                from p in db.Premises
                join b in db.Buildings on p.BuildingId equals b.Id
                where ids.Contains(p.Id)
                let holder = (from c in db.Contracts
                              join k in db.Consumers on c.ConsumerId equals k.Id
                              where c.PremisesId == p.Id
                              orderby c.ConcludedOn descending, c.Id descending
                              select k.FullName).FirstOrDefault()
                select new { p.Id, p.PayerCode, Holder = holder, b.Address, p.Number, p.Area, p.Residents })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(
            r => r.Id,
            r => new PremisesPayer(r.Id, r.PayerCode, r.Holder ?? string.Empty, $"{r.Address}, кв. {r.Number}", r.Area, r.Residents));
    }

    public async Task<IReadOnlyList<OrganisationDetails>> OrganisationsAsync(CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().OrderBy(o => o.Id)
            .Select(o => new OrganisationDetails(o.Id, o.Kind, o.Name, o.Inn, o.Kpp, o.BankName, o.Bic, o.CorrespondentAccount, o.SettlementAccount))
            .ToListAsync(cancellationToken);

    private static AccountFacts Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.GetInt64(5),
        reader.GetFieldValue<DateOnly>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7),
        reader.GetDecimal(8),
        reader.GetInt32(9),
        reader.GetInt32(10),
        reader.GetString(11),
        reader.GetDecimal(12),
        reader.GetBoolean(13));
}
