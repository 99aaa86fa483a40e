using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Directory;

/// <summary>
/// Owners and their shares for the Repair fund module. A share is read from the register's text
/// (<c>1/2</c>); one that does not read as a fraction, or none, weighs 1, and the weights of a
/// premises are scaled to add up to 1.
/// </summary>
internal sealed class PremisesOwnership(ContractsDbContext db) : IPremisesOwnership
{
    private const string Weight = """
        case when share ~ '^\s*\d+\s*/\s*\d+\s*$' and trim(split_part(share, '/', 2))::numeric > 0
             then trim(split_part(share, '/', 1))::numeric / trim(split_part(share, '/', 2))::numeric else 1 end
        """;

    public async IAsyncEnumerable<OwnedPremises> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"""
                select p.id, p.building_id, p.area, p.tenure = 'social-tenancy', o.id,
                       case when o.id is null then 1 else o.weight / sum(o.weight) over (partition by p.id) end
                from contracts.premises p
                left join (select id, premises_id, {Weight} as weight from contracts.premises_owners) o on o.premises_id = p.id
                order by p.id, o.id
                """, (NpgsqlConnection)db.Database.GetDbConnection()) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return new OwnedPremises(
                    reader.GetInt64(0), reader.GetInt64(1), reader.GetDecimal(2), reader.GetBoolean(3),
                    reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetDecimal(5));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<IReadOnlyDictionary<long, PremisesLabel>> DescribeAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, PremisesLabel>();
        if (premisesIds.Count == 0)
            return result;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("""
                select p.id, p.building_id, b.address, p.number, p.area, p.tenure = 'social-tenancy',
                       coalesce((select string_agg(o.full_name, ', ' order by o.id) from contracts.premises_owners o where o.premises_id = p.id), '')
                from contracts.premises p join contracts.buildings b on b.id = p.building_id
                where p.id = any(@ids)
                """, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddWithValue("ids", premisesIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var label = new PremisesLabel(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetDecimal(4), reader.GetBoolean(5), reader.GetString(6));
                result[label.PremisesId] = label;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }
}
